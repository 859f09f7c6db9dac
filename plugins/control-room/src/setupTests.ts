import '@testing-library/jest-dom';

// The date range is kept in session storage; each test starts without one.
afterEach(() => {
  if (typeof window !== 'undefined') {
    window.sessionStorage.clear();
  }
});
