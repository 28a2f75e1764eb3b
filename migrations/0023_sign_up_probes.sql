-- signUp answers EMAIL_TAKEN for an email that has an account: whoever asks learns that it exists.
-- Each distinct taken email a client address asked about is recorded here, per window of
-- LOGIN_WINDOW_MINUTES; at SIGN_UP_MAX_TAKEN_PER_ADDRESS distinct emails, sign-ups from that address
-- are refused until the window ends (auth.service.ts). Distinct emails, not answers: a crowd racing
-- one email (a double-clicked sign-up, 30 tabs) is one probe; checking a list of emails is many.
create table sign_up_probes (
  address text not null,
  window_start timestamptz not null,
  email_normalized text not null,
  primary key (address, window_start, email_normalized)
);
