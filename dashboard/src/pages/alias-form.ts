// Add an alias (to a group, or nanobot style to a provider's model), or edit one: retarget, rename,
// hide, describe. Writes go through addAlias / updateAlias; the admin token is asked for when the
// server has one.
import { gql } from "../api.ts";
import { append, errorBox, h } from "../dom.ts";
import { announceChange } from "../history.ts";
import type { View } from "../main.ts";
import { ADD_ALIAS, ALIAS, ALIAS_OPTIONS, REMOVE_ALIAS, UPDATE_ALIAS } from "../operations.ts";

interface Options {
  modelGroups: { edges: { node: { name: string } }[] };
  providers: { edges: { node: { name: string; type: { id: string } } }[] };
}
interface Alias {
  name: string;
  hidden: boolean;
  description: string | null;
  target: { name: string };
}
type Payload = { alias: { name: string; target: { name: string } }; warnings: string[] };

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h("label", { class: "field" }, h("span", null, label), control, hint ? h("small", { class: "muted" }, hint) : null);
}

/** After a write: where the alias now points, any warnings, and a link to it. */
function written(result: Payload, verb: string): HTMLElement {
  return h(
    "div",
    { class: "done", role: "status" },
    h("p", null, `${verb} `, h("a", { href: `#/name/${encodeURIComponent(result.alias.name)}` }, result.alias.name), ` → ${result.alias.target.name}.`),
    result.warnings.length ? h("ul", { class: "warnings" }, result.warnings.map((w) => h("li", null, w))) : null,
  );
}

export const aliasFormView: View = {
  live: false,
  async render(root, route) {
    const editing = route.parts[0] === "edit" ? route.parts.slice(1).join("/") : null;
    const [options, alias] = await Promise.all([
      gql<Options>(ALIAS_OPTIONS),
      editing ? gql<{ alias: Alias | null }>(ALIAS, { name: editing }).then((d) => d.alias) : Promise.resolve(null),
    ]);
    if (editing && !alias) {
      append(root, [h("h1", null, "Edit alias"), errorBox(`alias "${editing}" does not exist`)]);
      return;
    }
    const groups = h("datalist", { id: "group-names" }, options.modelGroups.edges.map((e) => h("option", { value: e.node.name })));
    const name = h("input", { name: "name", required: true, value: alias?.name ?? "", autocomplete: "off", maxlength: 256 });
    const target = h("input", { name: "target", list: "group-names", value: alias?.target.name ?? "", autocomplete: "off" });
    const provider = h(
      "select",
      { name: "provider" },
      h("option", { value: "" }, "—"),
      options.providers.edges.map((e) => h("option", { value: e.node.name }, `${e.node.name} (${e.node.type.id})`)),
    );
    const model = h("input", { name: "model", autocomplete: "off", placeholder: "model id as the provider knows it" });
    const hidden = h("input", { name: "hidden", type: "checkbox", checked: alias?.hidden ?? false });
    const description = h("input", { name: "description", value: alias?.description ?? "", autocomplete: "off" });
    const outcome = h("div", { class: "outcome" });
    const submit = h("button", { type: "submit" }, editing ? "Save" : "Add alias");

    const form = h(
      "form",
      {
        class: "alias-form",
        on: {
          submit: async (event) => {
            event.preventDefault();
            submit.disabled = true;
            outcome.replaceChildren();
            try {
              if (alias) {
                const input: Record<string, unknown> = {};
                if (name.value.trim() !== alias.name) input.name = name.value.trim();
                if (target.value.trim() !== alias.target.name) input.target = target.value.trim();
                if (hidden.checked !== alias.hidden) input.hidden = hidden.checked;
                if (description.value !== (alias.description ?? "")) input.description = description.value;
                const { updateAlias } = await gql<{ updateAlias: Payload }>(UPDATE_ALIAS, { name: alias.name, input });
                outcome.replaceChildren(written(updateAlias, "Saved"));
                announceChange();
                if (updateAlias.alias.name !== alias.name) location.hash = `#/alias/edit/${encodeURIComponent(updateAlias.alias.name)}`;
                else {
                  alias.target = updateAlias.alias.target;
                  alias.hidden = hidden.checked;
                  alias.description = description.value;
                }
              } else {
                const input: Record<string, unknown> = { name: name.value.trim(), hidden: hidden.checked };
                if (description.value) input.description = description.value;
                if (provider.value) Object.assign(input, { provider: provider.value, model: model.value.trim() });
                else input.target = target.value.trim();
                const { addAlias } = await gql<{ addAlias: Payload }>(ADD_ALIAS, { input });
                outcome.replaceChildren(written(addAlias, "Added"));
                announceChange();
                form.reset();
              }
            } catch (error) {
              outcome.replaceChildren(errorBox(error));
            } finally {
              submit.disabled = false;
            }
          },
        },
      },
      groups,
      field("Name", name, "1–256 characters, case-sensitive; single inner spaces allowed"),
      field("Target group", target, editing ? "the model group it points at" : "the model group it points at (or leave empty and pick a provider's model below)"),
      editing ? null : h("fieldset", null, h("legend", null, "…or a provider's model (nanobot style: creates the group <provider>/<model>)"), field("Provider", provider), field("Model", model)),
      h("label", { class: "check" }, hidden, " hidden (resolves, but is left out of listings)"),
      field("Description", description),
      h("p", null, submit),
      outcome,
    );

    const remove = alias
      ? h(
          "button",
          {
            type: "button",
            class: "danger",
            on: {
              click: async () => {
                outcome.replaceChildren();
                try {
                  await gql(REMOVE_ALIAS, { name: alias.name });
                  announceChange();
                  location.hash = "#/names";
                } catch (error) {
                  outcome.replaceChildren(errorBox(error));
                }
              },
            },
          },
          "Remove alias",
        )
      : null;
    append(root, [h("h1", null, editing ? `Edit alias ${editing}` : "Add alias"), form, remove ? h("p", null, remove) : null]);
  },
};
