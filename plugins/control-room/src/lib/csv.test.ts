import { csvExportMenu, toCsv, withCsvRow } from './csv';

describe('toCsv', () => {
  const columns = [
    { title: 'Project', value: (r: any) => r.name },
    { title: 'Budget', value: (r: any) => r.budget },
    { title: 'Currency', value: (r: any) => r.unit },
  ];

  it('writes a header and one line per row, with exact amounts and their currency', () => {
    expect(
      toCsv(columns, [
        { name: 'Ledger', budget: '1234.50', unit: 'USD' },
        { name: 'Payroll', budget: '-12.00', unit: 'USD' },
      ]),
    ).toBe(
      'Project,Budget,Currency\r\nLedger,1234.50,USD\r\nPayroll,-12.00,USD\r\n',
    );
  });

  it('quotes separators, quotes and line breaks, and leaves empty cells empty', () => {
    expect(
      toCsv(columns, [{ name: 'Say "hi", then\nleave', budget: undefined }]),
    ).toBe('Project,Budget,Currency\r\n"Say ""hi"", then\nleave",,\r\n');
  });

  it('keeps a cell that looks like a formula from running', () => {
    expect(
      toCsv(
        [{ title: 'x', value: (r: string) => r }],
        ['=SUM(A1)', '-x', '@a'],
      ),
    ).toBe("x\r\n'=SUM(A1)\r\n'-x\r\n'@a\r\n");
  });

  it('downloads the rows the table shows', () => {
    const created: Blob[] = [];
    const originalCreate = URL.createObjectURL;
    const originalRevoke = URL.revokeObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:csv';
    };
    URL.revokeObjectURL = () => {};
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    try {
      const [menu] = csvExportMenu('projects.csv', columns);
      expect(menu.label).toBe('Export as CSV');
      menu.exportFunc([], [{ name: 'Ledger', budget: '1.00', unit: 'EUR' }]);
      expect(click).toHaveBeenCalledTimes(1);
      expect(created).toHaveLength(1);
      expect(created[0].type).toBe('text/csv;charset=utf-8');
    } finally {
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
      click.mockRestore();
    }
  });

  it('reads whole rows through the hidden column, as the table hands them over', async () => {
    const blobs: Blob[] = [];
    const originalCreate = URL.createObjectURL;
    const originalRevoke = URL.revokeObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      blobs.push(blob);
      return 'blob:csv';
    };
    URL.revokeObjectURL = () => {};
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    try {
      const tableColumns = withCsvRow([{ title: 'Project', field: 'name' }]);
      expect(tableColumns[1]).toMatchObject({ hidden: true, export: true });
      const row = { name: 'Ledger', budget: '1.00', unit: 'EUR' };
      // The table passes each row as the values of its exported columns.
      const [menu] = csvExportMenu('projects.csv', columns);
      menu.exportFunc(tableColumns, [
        ['Ledger', (tableColumns[1] as any).customExport(row)],
      ]);
      expect(await blobs[0].text()).toBe(
        'Project,Budget,Currency\r\nLedger,1.00,EUR\r\n',
      );
    } finally {
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
      click.mockRestore();
    }
  });
});
