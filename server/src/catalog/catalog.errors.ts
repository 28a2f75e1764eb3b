/**
 * Each catalog mutation's error codes (Saleor style: one enum per mutation). The values are the
 * rule that was broken; the same rule has the same name in every enum it appears in.
 */
function codes<const Code extends string>(...values: Code[]): { readonly [K in Code]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { readonly [K in Code]: K };
}

type CodeOf<T> = T[keyof T];

export const CreateListingErrorCode = codes(
  'INVALID_TITLE',
  'INVALID_DESCRIPTION',
  'INVALID_PRICE',
  'UNSUPPORTED_CURRENCY',
  'TOO_MANY_LISTINGS',
  'ACCOUNT_BANNED',
);
export type CreateListingErrorCode = CodeOf<typeof CreateListingErrorCode>;

export const UpdateListingErrorCode = codes(
  'LISTING_NOT_FOUND',
  'LISTING_ARCHIVED',
  'LISTING_CHANGED',
  'NOTHING_TO_UPDATE',
  'INVALID_TITLE',
  'INVALID_DESCRIPTION',
  'INVALID_PRICE',
  'ACCOUNT_BANNED',
);
export type UpdateListingErrorCode = CodeOf<typeof UpdateListingErrorCode>;

export const PauseListingErrorCode = codes(
  'LISTING_NOT_FOUND',
  'LISTING_ARCHIVED',
  'LISTING_CHANGED',
  'LISTING_ALREADY_PAUSED',
  'ACCOUNT_BANNED',
);
export type PauseListingErrorCode = CodeOf<typeof PauseListingErrorCode>;

export const ActivateListingErrorCode = codes(
  'LISTING_NOT_FOUND',
  'LISTING_ARCHIVED',
  'LISTING_CHANGED',
  'LISTING_ALREADY_ACTIVE',
  'ACCOUNT_BANNED',
);
export type ActivateListingErrorCode = CodeOf<typeof ActivateListingErrorCode>;

export const ArchiveListingErrorCode = codes(
  'LISTING_NOT_FOUND',
  'LISTING_CHANGED',
  'LISTING_ALREADY_ARCHIVED',
  'ACCOUNT_BANNED',
);
export type ArchiveListingErrorCode = CodeOf<typeof ArchiveListingErrorCode>;

export const AddCodesErrorCode = codes(
  'LISTING_NOT_FOUND',
  'LISTING_ARCHIVED',
  'NO_CODES',
  'TOO_MANY_CODES',
  'STOCK_LIMIT_REACHED',
  'UPLOAD_LIMIT_REACHED',
  'CODE_COLLISIONS_LIMIT',
  'ACCOUNT_BANNED',
);
export type AddCodesErrorCode = CodeOf<typeof AddCodesErrorCode>;

export const SetListingImagesErrorCode = codes(
  'LISTING_NOT_FOUND',
  'LISTING_ARCHIVED',
  'LISTING_CHANGED',
  'TOO_MANY_IMAGES',
  'IMAGE_NOT_FOUND',
  'DUPLICATE_IMAGE',
  'ACCOUNT_BANNED',
);
export type SetListingImagesErrorCode = CodeOf<typeof SetListingImagesErrorCode>;

/** POST /listing-images answers these as `{ error: CODE, message }`. */
export const UploadListingImageErrorCode = codes(
  'EMPTY_FILE',
  'FILE_TOO_LARGE',
  'TOO_MANY_PIXELS',
  'UNSUPPORTED_IMAGE_TYPE',
  'TOO_MANY_UPLOADS',
  'TOO_MANY_UNATTACHED_IMAGES',
  'ACCOUNT_BANNED',
  'SERVER_BUSY',
);
export type UploadListingImageErrorCode = CodeOf<typeof UploadListingImageErrorCode>;
