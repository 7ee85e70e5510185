import { db } from "../connections.server";
import { hashPassword } from "../password.server";

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
