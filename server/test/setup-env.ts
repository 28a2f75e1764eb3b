import 'reflect-metadata';
// Tests hash passwords with a small argon2 memory cost; production keeps the default.
process.env['PASSWORD_HASH_MEMORY_KIB'] ??= '1024';
process.env['LOG_LEVEL'] ??= 'silent';
