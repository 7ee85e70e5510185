// Follow or stop following a challenge or a pilot (decision 035); posts to /follows.
import { Form } from "@remix-run/react";
import { Button } from "./button";

export function FollowButton({ target, following }: { target: { challengeId: string } | { pilotId: string }; following: boolean }) {
  const [name, id] = "challengeId" in target ? ["challengeId", target.challengeId] : ["pilotId", target.pilotId];
  return (
    <Form method="post" action="/follows">
      <input type="hidden" name={name} value={id} />
      <input type="hidden" name="follow" value={following ? "no" : "yes"} />
      {following
        ? <Button variant="secondary">Stop following</Button>
        : <Button variant="secondary">Follow for news by email</Button>}
    </Form>
  );
}
