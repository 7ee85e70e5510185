// Account forms. Passwords: 8–256 characters and no composition rules (NCSC and NIST advice); what else a
// new password must not be (on the breach list, the account's email or name) is password-policy.server.ts.
import { z } from "zod";
import { requiredText } from "../../lib/validation";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../lib/passwords";

const email = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.com" }));

const newPassword = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
  .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`);

export const signUpSchema = z.object({
  name: requiredText("your full name", 120),
  email,
  password: newPassword,
  redirectTo: z.string().optional(),
});

export const signInSchema = z.object({
  email,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(256, "Password must be 256 characters or fewer"),
  redirectTo: z.string().optional(),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(256),
  newPassword,
});

/** A 6-digit code from an authenticator app, or (where allowed) a recovery code like abcd-efgh-ijkl-mnop. */
export const secondFactorSchema = z.object({
  code: z.string({ error: "Enter the security code" }).trim().min(1, "Enter the security code")
    .max(40, "Enter the 6-digit code from your app, or a recovery code"),
  redirectTo: z.string().optional(),
});

export const enrolTwoFactorSchema = z.object({
  intent: z.literal("enable"),
  key: z.string().regex(/^[A-Za-z0-9+/]{27}=$/, "The set-up key is missing: reload the page and start again"),
  code: z.string({ error: "Enter the 6-digit code from your app" }).trim().regex(/^\d{6}$/, "Enter the 6-digit code from your app"),
  redirectTo: z.string().optional(),
});

export const confirmTwoFactorSchema = z.object({
  intent: z.enum(["regenerate", "disable"]),
  code: z.string({ error: "Enter the 6-digit code from your app" }).trim().regex(/^\d{6}$/, "Enter the 6-digit code from your app"),
});
