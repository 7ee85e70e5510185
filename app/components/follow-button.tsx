// Follow or stop following a challenge or a pilot (decision 035); posts to /follows.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "./button";

export function FollowButton({ target, following }: { target: { challengeId: string } | { pilotId: string }; following: boolean }) {
  const { t } = useTranslation();
  const [name, id] = "challengeId" in target ? ["challengeId", target.challengeId] : ["pilotId", target.pilotId];
  return (
    <Form method="post" action="/follows">
      <input type="hidden" name={name} value={id} />
      <input type="hidden" name="follow" value={following ? "no" : "yes"} />
      {following
        ? <Button variant="secondary">{t("follow.stop")}</Button>
        : <Button variant="secondary">{t("follow.start")}</Button>}
    </Form>
  );
}
