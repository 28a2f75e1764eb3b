import { replyProblem, uploadProblem } from './reply-errors';

describe('replyProblem', () => {
  it('puts what the seller can fix on its field, and the rest above the form', () => {
    expect(replyProblem({ code: 'INVALID_MESSAGE', message: 'A message is 1 to 5000 characters.' })).toEqual({
      field: 'message',
      message: 'Write a reply of 1 to 5000 characters.',
    });
    expect(replyProblem({ code: 'TOO_MANY_ATTACHMENTS', message: '...' }).field).toBe('files');
    expect(replyProblem({ code: 'DISPUTE_CLOSED', message: '...' })).toEqual({
      field: null,
      message: 'This dispute has been decided, so its conversation is closed: your reply was not sent.',
    });
  });

  it('shows the server’s own words for a code it does not know', () => {
    expect(replyProblem({ code: 'SOMETHING_NEW', message: 'A new rule said no.' })).toEqual({
      field: null,
      message: 'A new rule said no.',
    });
  });
});

describe('uploadProblem', () => {
  it('names the file and says what to do', () => {
    expect(uploadProblem({ code: 'UNSUPPORTED_FILE_TYPE', message: '...' }, 'notes.docx')).toEqual({
      field: 'files',
      message: 'notes.docx cannot be attached: only PNG, JPEG, PDF and plain text files can.',
    });
    expect(uploadProblem({ code: 'FILE_TOO_LARGE', message: '...' }, 'video.png').message).toBe(
      'video.png is larger than 5 MB: attach a smaller file.',
    );
    expect(uploadProblem({ code: 'UNAUTHENTICATED', message: '...' }, 'a.png').field).toBeNull();
    expect(uploadProblem({ code: 'HTTP_502', message: 'Bad gateway.' }, 'a.png').message).toBe(
      'a.png could not be uploaded: Bad gateway.',
    );
  });
});
