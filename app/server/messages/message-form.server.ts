// The message form's text, checked the same way with or without a file.
import { z } from "zod";
import { MESSAGE_MAX } from "../../lib/proposal-messages";
import { textProblem } from "../input-limits.server";

export const EMPTY_MESSAGE = "Enter a message";
export const LONG_MESSAGE = `Your message must be ${MESSAGE_MAX.toLocaleString("en-GB")} characters or fewer`;

export const messageFormSchema = z.object({
  message: z.string({ error: EMPTY_MESSAGE }).trim().min(1, EMPTY_MESSAGE).max(MESSAGE_MAX, LONG_MESSAGE)
    // A multipart form's texts are not checked on the way in as other forms' are (readFormData): check here.
    .superRefine((text, ctx) => {
      const problem = textProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: `Your message ${problem}: remove it and try again` });
    }),
});
