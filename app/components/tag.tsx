export function Tag({ label, colour }: { label: string; colour: string }) {
  return <strong className={`govuk-tag govuk-tag--${colour}`}>{label}</strong>;
}
