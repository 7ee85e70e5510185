import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/button";
import { Choices, Select, TextInput } from "~/components/fields";
import type { FormErrors } from "~/lib/form-errors";
import { DIRECTIONS, FREQUENCIES } from "~/lib/pilots";
import { useEditing, useSavedKey } from "./editing";
import type { PlanPilot } from "./types";
import { Table } from "~/components/table";

/** The KPIs, and in a draft the form that adds or changes one. */
export function Kpis({ pilot: p, canEdit, errors }: { pilot: PlanPilot; canEdit: boolean; errors: FormErrors | null }) {
  const editing = useEditing("kpi");
  const savedKey = useSavedKey("kpi-saved");
  const current = p.kpis.find((k) => k.id === editing);
  return (
    <section aria-labelledby="kpis-heading">
      <h2 className="govuk-heading-l" id="kpis-heading">KPIs</h2>
      {p.kpis.length ? (
        <Table caption="KPIs" rows={p.kpis} rowKey={(k) => k.id} columns={[
          { header: "KPI", cell: (k) => <>{k.name} ({k.unit})<br /><span className="govuk-body-s">{DIRECTIONS.find((d) => d.value === k.direction)?.label}</span></> },
          { header: "Baseline", numeric: true, cell: (k) => k.baseline },
          { header: "Target", numeric: true, cell: (k) => k.target },
          { header: "Measured", cell: (k) => FREQUENCIES.find((f) => f.value === k.frequency)?.label },
          canEdit && { header: <span className="govuk-visually-hidden">Actions</span>, cell: (k) => <>
            <Link className="govuk-link" to={`?kpi=${k.id}#kpi-form`}>Change<span className="govuk-visually-hidden"> {k.name}</span></Link>
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="kpiId" value={k.id} />
              {" "}<button type="submit" name="intent" value="remove-kpi" className="app-link-button">Remove<span className="govuk-visually-hidden"> {k.name}</span></button>
            </Form>
          </> },
        ]} />
      ) : <p className="govuk-body">No KPIs yet. The plan needs at least one before it can be approved.</p>}
      {canEdit ? (
        <Form method="post" noValidate id="kpi-form" key={`${current?.id ?? "new"}${savedKey}`}>
          <h3 className="govuk-heading-m">{current ? `Change “${current.name}”` : "Add a KPI"}</h3>
          <input type="hidden" name="intent" value="kpi" />
          {current ? <input type="hidden" name="kpiId" value={current.id} /> : null}
          <TextInput name="name" label="Name" hint="For example, Journeys made by bike" errors={errors} defaultValue={current?.name} />
          <TextInput name="unit" label="Unit" hint="For example, journeys a week, %, tonnes of CO2" width="20" errors={errors} defaultValue={current?.unit} />
          <TextInput name="baseline" label="Baseline" hint="The value before the pilot" width="10" inputMode="decimal" errors={errors} defaultValue={current?.baseline} />
          <TextInput name="target" label="Target" hint="The value the pilot aims for by its end date" width="10" inputMode="decimal" errors={errors} defaultValue={current?.target} />
          <Choices type="radio" inline name="direction" label="Is higher or lower better?" errors={errors} defaultValue={current?.direction}
            options={DIRECTIONS.map((d) => ({ value: d.value, label: d.label }))} />
          <Select name="frequency" label="How often is it measured?" errors={errors} defaultValue={current?.frequency}
            options={[{ value: "", label: "Choose how often" }, ...FREQUENCIES.map((f) => ({ value: f.value, label: f.label }))]} />
          <Button>{current ? "Save KPI" : "Add KPI"}</Button>
        </Form>
      ) : null}
    </section>
  );
}
