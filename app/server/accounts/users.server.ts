import { db } from "../connections.server";
import { hashPassword, verifyPassword } from "../password.server";
import { countCurrentPasswordCheck, currentPasswordSucceeded } from "../sign-in-throttle.server";

export function findUserByEmail(email: string) {
  return db().selectFrom("users").select(["id", "email", "name", "password_hash", "is_admin"])
    .where("email", "=", email.toLowerCase()).executeTakeFirst();
}

export function findUserById(id: string) {
  return db().selectFrom("users").select(["id", "email", "name", "password_hash", "is_admin"])
    .where("id", "=", id).executeTakeFirst();
}

export async function setPassword(userId: string, password: string) {
  const password_hash = await hashPassword(password);
  await db().updateTable("users").set({ password_hash }).where("id", "=", userId).execute();
}

/**
 * A signed-in user's password, asked again before a sensitive change (new password, deleting the account):
 * counted before it is checked, so guesses through a stolen session stop at the limit (429). The user when
 * it matches (the count is then cleared), otherwise null.
 */
export async function checkCurrentPassword(userId: string, password: string) {
  await countCurrentPasswordCheck(userId);
  const user = await findUserById(userId);
  if (!user || !(await verifyPassword(user.password_hash, password))) return null;
  await currentPasswordSucceeded(userId);
  return user;
}
