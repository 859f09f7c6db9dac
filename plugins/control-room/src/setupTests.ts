import '@testing-library/jest-dom';

// Rendering MUI in jsdom and driving it with userEvent (typing, opening an
// autocomplete, clicking through a dialog) takes seconds per test when the
// machine is loaded; jest's default 5 s timed such flows out on a slow run.
jest.setTimeout(30_000);

// The date range is kept in session storage; each test starts without one.
afterEach(() => {
  if (typeof window !== 'undefined') {
    window.sessionStorage.clear();
  }
});
