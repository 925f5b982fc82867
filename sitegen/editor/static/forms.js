// Forms drawn from the schema the server describes (sitegen/schema/types.py), and the build's
// problems placed at their fields.
import {WORDS} from "./words.js";
import {el, state} from "./dom.js";

// A field of the form: its element and a function giving its current value.
function field(spec, value, path, scope) {
  const type = spec.type;
  const id = `f-${scope}-${path.join("-")}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const label = `${spec.name}${spec.required ? " *" : ""}`;
  const help = el("p", {class: "help", id: `${id}-help`, text: spec.help + (spec.required ? ` (${WORDS.required})` : "")});
  const error = el("p", {class: "error", id: `${id}-error`, "data-error-for": `${scope}:${path.join("/")}`});
  const wrap = (control, described = true) => {
    if (described) control.setAttribute("aria-describedby", `${id}-help ${id}-error`);
    if (spec.required && control.matches("input, select, textarea")) control.setAttribute("aria-required", "true");
    return el("div", {class: `field kind-${type.kind}`, "data-path": `${scope}:${path.join("/")}`},
      el("label", {for: id, text: label}), control, help, error);
  };
  if (type.kind === "group") {
    const inner = type.fields.map((sub) => field(sub, (value || {})[sub.name], [...path, sub.name], scope));
    return {
      element: el("fieldset", {class: "group", "data-path": `${scope}:${path.join("/")}`}, el("legend", {text: label}), help,
        error, inner.map((part) => part.element)),
      get: () => Object.fromEntries(type.fields.map((sub, index) => [sub.name, inner[index].get()])),
    };
  }
  if (type.kind === "translated") return translated(spec, value, path, scope, id, label, help, error);
  if (type.kind === "list") return list(spec, value, path, scope, id, label, help, error);
  const control = input(type, value, id, spec);
  if (type.kind === "boolean") {  // left at its default where the file has no line for it: still no line
    return {element: wrap(control),
      get: () => (value == null && control.checked === (spec.default === true) ? null : control.checked)};
  }
  return {element: wrap(control), get: () => read(type, control)};
}

function input(type, value, id, spec) {
  const text = value === null || value === undefined ? "" : String(value);
  switch (type.kind) {
    case "markdown":
      return el("textarea", {id, rows: 6}, text);
    case "date":
      return el("input", {id, type: "date", value: text});
    case "time":
      return el("input", {id, type: "time", value: text});
    case "integer":
      return el("input", {id, type: "number", step: 1, min: type.minimum, value: text, inputmode: "numeric"});
    case "number":
      return el("input", {id, type: "number", step: "any", value: text, inputmode: "decimal"});
    case "boolean":
      return el("input", {id, type: "checkbox", checked: value === true || (value == null && spec.default === true)});
    case "choice":
      return el("select", {id}, el("option", {value: "", text: spec.default ? `(${spec.default})` : WORDS.choose}),
        type.choices.map((choice) => el("option", {value: choice, selected: choice === value, text: choice})));
    case "ref": {
      const choices = state.catalogue.references[type.ref] || [];
      const known = choices.some((choice) => choice.id === value);
      return el("select", {id}, el("option", {value: "", text: WORDS.choose}),
        known || !text ? null : el("option", {value: text, selected: true, text}),
        choices.map((choice) => el("option", {value: choice.id, selected: choice.id === value, text: choice.label})));
    }
    default:
      return el("input", {id, type: "text", value: text, inputmode: type.kind === "url" ? "url" : null,
        spellcheck: type.kind === "slug" || type.kind === "url" ? "false" : null});
  }
}

// A control's value as the form sends it: empty is null; numbers that do not parse stay text,
// so that the build's validation explains them.
function read(type, control) {
  if (type.kind === "boolean") return control.checked;
  const value = control.value;
  if (value === "") return null;
  if (type.kind === "integer" || type.kind === "number") {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  return value;
}

function translated(spec, value, path, scope, id, label, help, error) {
  const langs = state.catalogue.languages;
  const texts = value && typeof value === "object" ? value : {};
  const controls = {};
  const updates = [];
  const columns = langs.map((lang) => {
    const control = input(spec.type.inner, texts[lang], `${id}-${lang}`, spec);
    control.setAttribute("lang", lang);
    control.setAttribute("aria-describedby", `${id}-help ${id}-error ${id}-${lang}-error`);
    controls[lang] = control;
    const flag = el("span", {class: "flag", id: `${id}-${lang}-flag`});
    const update = () => {  // an optional text empty in every language is not a missing translation
      const anyText = langs.some((other) => controls[other] && controls[other].value.trim());
      const missing = !control.value.trim() && (spec.required || anyText);
      const same = lang !== langs[0] && control.value.trim() && control.value.trim() === controls[langs[0]].value.trim()
        && control.value.trim().split(/\s+/).length > 2;
      flag.textContent = missing ? WORDS.missing : same ? WORDS.untranslated : "";
    };
    updates.push(update);
    control.addEventListener("input", () => updates.forEach((each) => each()));
    queueMicrotask(update);
    return el("div", {class: "lang-column", "data-path": `${scope}:${[...path, lang].join("/")}`},
      el("label", {for: control.id}, `${WORDS.language[lang] || lang} `, flag), control,
      el("p", {class: "error", id: `${id}-${lang}-error`, "data-error-for": `${scope}:${[...path, lang].join("/")}`}));
  });
  return {
    element: el("fieldset", {class: "field translated", "data-path": `${scope}:${path.join("/")}`},
      el("legend", {text: label}), el("div", {class: "langs"}, columns), help, error),
    get: () => {
      const result = {};
      for (const lang of langs) result[lang] = read(spec.type.inner, controls[lang]);
      for (const [lang, text] of Object.entries(texts)) if (!(lang in result)) result[lang] = text;
      return result;
    },
  };
}

function list(spec, value, path, scope, id, label, help, error) {
  const inner = spec.type.inner;
  const items = Array.isArray(value) ? value : [];
  if (inner.kind === "choice" || inner.kind === "ref") {
    const options = inner.kind === "choice" ? inner.choices.map((choice) => ({id: choice, label: choice}))
      : (state.catalogue.references[inner.ref] || []);
    for (const item of items) if (!options.some((option) => option.id === item)) options.push({id: item, label: item});
    const boxes = options.map((option, index) => {
      const box = el("input", {type: "checkbox", id: `${id}-${index}`, value: option.id, checked: items.includes(option.id)});
      return el("div", {class: "check"}, box, el("label", {for: box.id, text: option.label}));
    });
    return {
      element: el("fieldset", {class: "field choices", "data-path": `${scope}:${path.join("/")}`, "aria-describedby": `${id}-help`},
        el("legend", {text: label}), el("div", {class: "checks"}, boxes), help, error),
      get: () => {  // the file's order first (its order may mean something), then what was ticked now
        const ticked = boxes.map((box) => box.querySelector("input")).filter((box) => box.checked).map((box) => box.value);
        return [...items.filter((item) => ticked.includes(item)), ...ticked.filter((item) => !items.includes(item))];
      },
    };
  }
  if (inner.kind !== "group") {  // a list of texts: one per line
    const control = el("textarea", {id, rows: 3, "aria-describedby": `${id}-help ${id}-error`}, items.join("\n"));
    return {element: el("div", {class: "field", "data-path": `${scope}:${path.join("/")}`},
      el("label", {for: id, text: label}), control, help, error),
    get: () => control.value.split("\n").map((line) => line.trim()).filter(Boolean)};
  }
  const records = [];
  const holder = el("div", {class: "records"});
  const addRecord = (record, open) => {
    const entry = {};
    const index = records.length;
    const part = field({name: `${WORDS.record} ${index + 1}`, type: inner, required: false, help: ""}, record,
      [...path, index], scope);
    const title = () => {
      const values = part.get();
      const name = values.title || values.name || values.label;
      const shown = name && typeof name === "object" ? name[state.catalogue.languages[0]] || "" : name || "";
      return [`${index + 1}.`, values.id, shown && values.id ? "—" : "", shown].filter(Boolean).join(" ");
    };
    const summary = el("summary", {text: title()});
    const removeButton = el("button", {type: "button", class: "danger", text: `${WORDS.removeItem} ${index + 1}`,
      onclick: () => { entry.removed = true; details.hidden = true; addButton.focus(); }});
    const details = el("details", {class: "record", open, "data-path": `${scope}:${[...path, index].join("/")}`},
      summary, part.element, removeButton);
    details.addEventListener("input", () => { summary.textContent = title(); });
    entry.part = part;
    records.push(entry);
    holder.append(details);
  };
  items.forEach((record) => addRecord(record, false));
  const addButton = el("button", {type: "button", text: `${WORDS.add}: ${spec.name}`,
    onclick: () => { addRecord({}, true); holder.lastElementChild.querySelector("input, select, textarea").focus(); }});
  return {
    element: el("section", {class: "field list", "data-path": `${scope}:${path.join("/")}`},
      el("h3", {text: label}), help, error, holder, addButton),
    get: () => records.filter((entry) => !entry.removed).map((entry) => entry.part.get()),
  };
}

export function form(schema, values, scope) {
  const parts = schema.map((spec) => field(spec, values[spec.name], [spec.name], scope));
  return {
    elements: parts.map((part) => part.element),
    get: () => {
      const result = {...values};  // fields the schema does not know are kept as they are
      schema.forEach((spec, index) => { result[spec.name] = parts[index].get(); });
      return result;
    },
  };
}

// Problems from the build placed at their fields ("events/3/start"), else in the summary.
export function showProblems(container, scope, problems, summary) {
  for (const node of container.querySelectorAll(`[data-error-for^="${scope}:"]`)) node.textContent = "";
  for (const node of container.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  const unplaced = [];
  let first = null;
  for (const problem of problems) {
    let path = problem.field;
    let target = null;
    while (path !== null) {
      target = container.querySelector(`[data-error-for="${CSS.escape(`${scope}:${path}`)}"]`);
      if (target || !path) break;
      path = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    }
    if (!target || !path) { unplaced.push(problem.problem); continue; }
    target.textContent = (target.textContent ? target.textContent + " · " : "") + problem.problem;
    const holder = target.closest("[data-path]");
    const control = holder && holder.querySelector("input, select, textarea");
    if (holder && holder.closest("details")) holder.closest("details").open = true;
    if (control) { control.setAttribute("aria-invalid", "true"); first = first || control; }
  }
  if (unplaced.length) summary.append(el("p", {text: WORDS.fileProblems}), el("ul", {}, unplaced.map((text) => el("li", {text}))));
  return first;
}
