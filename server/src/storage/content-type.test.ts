import { downloadFileName } from './content-type';

describe('downloadFileName', () => {
  test.each([
    ['screen shot.png', 'image/png', 'screen shot.png'],
    ['PHOTO.JPEG', 'image/jpeg', 'PHOTO.JPEG'],
    ['receipt.pdf', 'application/pdf', 'receipt.pdf'],
    ['chat.log', 'text/plain', 'chat.log'],
    ['poly.svg', 'image/png', 'poly.svg.png'],
    ['<img src=x onerror=alert(1)>.html', 'text/plain', '<img src=x onerror=alert(1)>.html.txt'],
    ['invoice.pdf.exe', 'application/pdf', 'invoice.pdf.exe.pdf'],
    ['notes', 'text/plain', 'notes.txt'],
    ['.png', 'image/png', '.png.png'],
  ])('names %j holding %s as %j', (name, type, expected) => {
    expect(downloadFileName(name, type, 'fallback')).toBe(expected);
  });

  it('names a file without a name after the fallback, with its extension', () => {
    expect(downloadFileName(null, 'image/jpeg', 'attachment-1')).toBe('attachment-1.jpg');
  });

  it('shortens a long name before the extension, counting characters', () => {
    const name = downloadFileName(`${'é'.repeat(199)}.svg`, 'image/png', '', 200);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('é.png')).toBe(true);
  });
});
