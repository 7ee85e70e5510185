// How long a password may be: shared by the forms (browser and server) and the password policy.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
