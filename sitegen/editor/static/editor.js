// The staff editor: forms drawn from the content schema the server describes, saved through
// the editor's JSON API. No HTML from content is ever inserted as markup: every text goes in
// through textContent or an input's value; the live preview is the site's page in a sandboxed frame.
"use strict";

const LANG = document.documentElement.lang === "en" ? "en" : "it";
const TOKEN = document.querySelector('meta[name="editor-token"]').content;
const WORDS = {
  it: {
    loading: "Caricamento…", actions: "Azioni", pages: "Pagine", news: "Notizie", data: "File di dati", edit: "Modifica",
    rename: "Rinomina", remove: "Elimina", draft: "bozza", missing: "manca", untranslated: "da tradurre",
    missingList: "Traduzioni mancanti", noneMissing: "Tutto è tradotto.", save: "Salva", saved: "Salvato",
    unchanged: "Nessuna modifica da salvare.", notSaved: "Non salvato: correggi i campi segnati.",
    required: "obbligatorio", add: "Aggiungi", removeItem: "Togli", record: "Voce", back: "← Tutti i file",
    body: "Testo (Markdown)", preview: "Anteprima", previewOf: "Anteprima della pagina",
    bold: "Grassetto", italic: "Corsivo", heading: "Titolo", list: "Elenco", link: "Collegamento",
    image: "Immagine o documento", insert: "Inserisci", cancel: "Annulla", chooseFile: "File già caricato",
    upload: "Oppure carica un file (PNG, JPEG, GIF, WebP, PDF)", alt: "Testo alternativo",
    linkText: "Testo del collegamento", linkPage: "Pagina", conflict: "Il file è cambiato sul disco da quando l'hai aperto: il salvataggio è stato rifiutato.",
    disk: "Versione sul disco", yours: "La tua versione (non salvata)", reload: "Ricarica dal disco",
    newPage: "Nuova pagina", newNews: "Nuova notizia", fileName: "Nome del file (senza .md)",
    title: "Titolo", summary: "Riassunto", description: "Descrizione", create: "Crea come bozza",
    confirmDelete: "Eliminare questi file? Saranno spostati in content/.trash/, da dove si possono recuperare.",
    newName: "Nuovo nome del file (senza .md)", done: "Fatto.", elsewhere: "Problemi che il salvataggio causerebbe in altri file:",
    fileProblems: "Problemi del file:", choose: "— scegli —", yes: "sì", notEditable: "Questo file non si può modificare qui",
    errorPrefix: "Errore", item: "voce", language: {it: "italiano", en: "inglese"}, both: "Salva entrambe le lingue",
    draftNote: "Le bozze si vedono solo nell'anteprima.", free: "Campo", deleted: "Spostato in",
    previewProblem: "L'anteprima non è disponibile:", close: "Chiudi",
  },
  en: {
    loading: "Loading…", actions: "Actions", pages: "Pages", news: "News", data: "Data files", edit: "Edit",
    rename: "Rename", remove: "Delete", draft: "draft", missing: "missing", untranslated: "to translate",
    missingList: "Missing translations", noneMissing: "Everything is translated.", save: "Save", saved: "Saved",
    unchanged: "Nothing to save.", notSaved: "Not saved: correct the marked fields.",
    required: "required", add: "Add", removeItem: "Remove", record: "Item", back: "← All files",
    body: "Text (Markdown)", preview: "Preview", previewOf: "Preview of the page",
    bold: "Bold", italic: "Italic", heading: "Heading", list: "List", link: "Link",
    image: "Image or document", insert: "Insert", cancel: "Cancel", chooseFile: "A file already uploaded",
    upload: "Or upload a file (PNG, JPEG, GIF, WebP, PDF)", alt: "Alternative text",
    linkText: "Link text", linkPage: "Page", conflict: "The file changed on disk since you opened it: the save was refused.",
    disk: "Version on disk", yours: "Your version (not saved)", reload: "Reload from disk",
    newPage: "New page", newNews: "New news item", fileName: "File name (without .md)",
    title: "Title", summary: "Summary", description: "Description", create: "Create as a draft",
    confirmDelete: "Delete these files? They will be moved to content/.trash/, where they can be recovered.",
    newName: "New file name (without .md)", done: "Done.", elsewhere: "Problems the save would cause in other files:",
    fileProblems: "Problems of the file:", choose: "— choose —", yes: "yes", notEditable: "This file cannot be edited here",
    errorPrefix: "Error", item: "item", language: {it: "Italian", en: "English"}, both: "Save both languages",
    draftNote: "Drafts show only in the preview.", free: "Field", deleted: "Moved to",
    previewProblem: "The preview is not available:", close: "Close",
  },
}[LANG];

// ---- small DOM helpers ----------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

let counter = 0;
const uid = (prefix) => `${prefix}-${++counter}`;

function status(message) {
  document.getElementById("status").textContent = message;
}

async function api(action, payload) {
  const response = await fetch(`/_editor/api/${action}`, {
    method: "POST", headers: {"Content-Type": "application/json", "X-Editor-Token": TOKEN},
    body: JSON.stringify(payload), credentials: "same-origin",
  });
  let answer = {};
  try { answer = await response.json(); } catch (error) { answer = {error: response.statusText}; }
  return {status: response.status, answer};
}

// ---- the list of files ------------------------------------------------------------------

let catalogue = null;

async function showHome() {
  const app = document.getElementById("app");
  status(WORDS.loading);
  const {answer} = await api("list", {});
  catalogue = answer;
  app.replaceChildren(
    entrySection("pages", WORDS.pages), entrySection("news", WORDS.news),
    el("section", {"aria-labelledby": "h-data"}, el("h2", {id: "h-data", text: WORDS.data}),
       el("ul", {class: "files"}, answer.data_files.map((name) =>
         el("li", {}, el("a", {href: `#/data/${name}`, text: name}))))),
    missingSection(answer.missing), createSection());
  status("");
}

function entrySection(folder, heading) {
  const id = `h-${folder}`;
  const rows = catalogue.entries.filter((entry) => entry.folder === folder).map((entry) => {
    const cells = catalogue.languages.map((lang) => {
      const version = entry.languages[lang];
      if (!version) return el("td", {}, el("span", {class: "flag", text: WORDS.missing}));
      return el("td", {lang}, version.title, version.draft ? el("span", {class: "badge", text: ` ${WORDS.draft}`}) : null);
    });
    return el("tr", {}, el("th", {scope: "row"}, el("a", {href: `#/doc/${folder}/${entry.key}`, text: entry.key})),
      cells, el("td", {class: "actions"},
        el("button", {type: "button", onclick: () => renameEntry(folder, entry.key), text: WORDS.rename,
          "aria-label": `${WORDS.rename} ${entry.key}`}),
        el("button", {type: "button", class: "danger", onclick: () => deleteEntry(folder, entry.key), text: WORDS.remove,
          "aria-label": `${WORDS.remove} ${entry.key}`})));
  });
  return el("section", {"aria-labelledby": id}, el("h2", {id, text: heading}),
    el("div", {class: "scroll", tabindex: "0", role: "region", "aria-labelledby": id},
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {scope: "col", text: WORDS.fileName}),
        catalogue.languages.map((lang) => el("th", {scope: "col", text: WORDS.language[lang] || lang})),
        el("th", {scope: "col", text: WORDS.actions}))), el("tbody", {}, rows))));
}

function missingSection(missing) {
  const items = missing.map((item) => {
    const target = item.path.endsWith(".yml") ? `#/data/${item.path}` :
      `#/doc/${item.path.split("/")[0]}/${item.path.split("/")[2].replace(/\.md$/, "")}`;
    const what = `${item.path}${item.field ? " › " + item.field : ""} — ${WORDS.language[item.lang] || item.lang}: ` +
      (item.reason === "same" ? WORDS.untranslated : WORDS.missing);
    return el("li", {}, el("a", {href: target, text: what}));
  });
  return el("section", {"aria-labelledby": "h-missing"}, el("h2", {id: "h-missing", text: WORDS.missingList}),
    items.length ? el("ul", {class: "missing"}, items) : el("p", {text: WORDS.noneMissing}));
}

function createSection() {
  const form = el("form", {class: "create", novalidate: true});
  const kind = el("select", {id: "new-folder"}, el("option", {value: "pages", text: WORDS.newPage}),
    el("option", {value: "news", text: WORDS.newNews}));
  const key = el("input", {id: "new-key", type: "text", required: true, pattern: "[a-z0-9]+(-[a-z0-9]+)*",
    autocomplete: "off", "aria-describedby": "new-key-help"});
  const inputs = {};
  const fields = catalogue.languages.map((lang) => {
    const title = el("input", {id: `new-title-${lang}`, type: "text", required: true, lang});
    const summary = el("input", {id: `new-summary-${lang}`, type: "text", lang});
    inputs[lang] = {title, summary};
    return el("div", {class: "lang-column", lang},
      el("label", {for: title.id, text: `${WORDS.title} (${WORDS.language[lang] || lang}) *`}), title,
      el("label", {for: summary.id, text: `${WORDS.summary} / ${WORDS.description} (${WORDS.language[lang] || lang})`}), summary);
  });
  const problems = el("p", {class: "error", id: "new-problems", role: "alert"});
  form.append(el("label", {for: kind.id, text: WORDS.newPage + " / " + WORDS.newNews}), kind,
    el("label", {for: key.id, text: `${WORDS.fileName} *`}), key,
    el("p", {class: "help", id: "new-key-help", text: "a-z, 0-9, - · " + WORDS.draftNote}),
    el("div", {class: "langs"}, fields), problems,
    el("button", {type: "submit", text: WORDS.create}));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const folder = kind.value;
    const texts = {title: {}, [folder === "news" ? "summary" : "description"]: {}};
    for (const lang of catalogue.languages) {
      texts.title[lang] = inputs[lang].title.value;
      texts[folder === "news" ? "summary" : "description"][lang] = inputs[lang].summary.value;
    }
    const {status: code, answer} = await api("create", {folder, key: key.value, texts});
    if (code !== 200) { problems.textContent = answer.error; return; }
    location.hash = `#/doc/${folder}/${key.value}`;
  });
  return el("section", {"aria-labelledby": "h-create"}, el("h2", {id: "h-create", text: `${WORDS.newPage} / ${WORDS.newNews}`}), form);
}

async function renameEntry(folder, key) {
  const value = await ask(WORDS.newName, key);
  if (!value || value === key) return;
  const {status: code, answer} = await api("rename", {folder, key, new_key: value});
  status(code === 200 ? WORDS.done : `${WORDS.errorPrefix}: ${answer.error}`);
  if (code === 200) showHome().then(() => status(WORDS.done));
}

async function deleteEntry(folder, key) {
  if (!(await confirmDialog(`${WORDS.confirmDelete} (${folder}/*/${key}.md)`))) return;
  const {status: code, answer} = await api("delete", {folder, key, confirm: true});
  if (code === 200) showHome().then(() => status(`${WORDS.deleted} content/${answer.trash}`));
  else status(`${WORDS.errorPrefix}: ${answer.error}`);
}

// ---- dialogs (native <dialog>: focus is kept inside, Esc closes) -------------------------

function dialog(heading, body, actions) {
  const id = uid("dialog");
  const box = el("dialog", {"aria-labelledby": id}, el("h2", {id, text: heading}), body, el("p", {class: "actions"}, actions));
  document.body.append(box);
  box.addEventListener("close", () => box.remove());
  box.showModal();
  return box;
}

function confirmDialog(message) {
  return new Promise((resolve) => {
    let answered = false;
    const yes = el("button", {type: "button", class: "danger", text: WORDS.remove,
      onclick: () => { answered = true; box.close(); resolve(true); }});
    const no = el("button", {type: "button", text: WORDS.cancel, onclick: () => box.close()});
    const box = dialog(WORDS.remove, el("p", {text: message}), [yes, no]);
    box.addEventListener("close", () => { if (!answered) resolve(false); });
    no.focus();
  });
}

function ask(label, value) {
  return new Promise((resolve) => {
    const input = el("input", {id: uid("ask"), type: "text", value});
    let answered = false;
    const ok = el("button", {type: "button", text: WORDS.rename,
      onclick: () => { answered = true; box.close(); resolve(input.value.trim()); }});
    const box = dialog(label, el("p", {}, el("label", {for: input.id, text: label}), input),
      [ok, el("button", {type: "button", text: WORDS.cancel, onclick: () => box.close()})]);
    box.addEventListener("close", () => { if (!answered) resolve(null); });
    input.focus();
  });
}

// ---- forms from the schema ----------------------------------------------------------------

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
  if (type.kind === "boolean") {  // unchecked where the file has no line for it: still no line
    return {element: wrap(control), get: () => control.checked || (value === false ? false : value == null ? null : false)};
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
      const choices = catalogue.references[type.ref] || [];
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
  const langs = catalogue.languages;
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
      : (catalogue.references[inner.ref] || []);
    for (const item of items) if (!options.some((option) => option.id === item)) options.push({id: item, label: item});
    const boxes = options.map((option, index) => {
      const box = el("input", {type: "checkbox", id: `${id}-${index}`, value: option.id, checked: items.includes(option.id)});
      return el("div", {class: "check"}, box, el("label", {for: box.id, text: option.label}));
    });
    return {
      element: el("fieldset", {class: "field choices", "data-path": `${scope}:${path.join("/")}`, "aria-describedby": `${id}-help`},
        el("legend", {text: label}), el("div", {class: "checks"}, boxes), help, error),
      get: () => boxes.map((box) => box.querySelector("input")).filter((box) => box.checked).map((box) => box.value),
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
      return `${index + 1}. ${values.id || ""} ${name && typeof name === "object" ? name[catalogue.languages[0]] || "" : name || ""}`;
    };
    const summary = el("summary", {text: title()});
    const removeButton = el("button", {type: "button", class: "danger", text: `${WORDS.removeItem} ${index + 1}`,
      onclick: () => { entry.removed = true; details.hidden = true; }});
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

function form(schema, values, scope) {
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
function showProblems(container, scope, problems, summary) {
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

// ---- a data file ------------------------------------------------------------------------

async function showData(name) {
  const app = document.getElementById("app");
  status(WORDS.loading);
  if (!catalogue) catalogue = (await api("list", {})).answer;
  const {status: code, answer} = await api("open", {path: name});
  if (code !== 200) { app.replaceChildren(back(), el("p", {role: "alert", text: `${WORDS.notEditable}: ${answer.error}`})); status(""); return; }
  let hash = answer.hash;
  const built = form(answer.schema, answer.values, "data");
  const summary = el("div", {class: "summary", role: "alert"});
  const saveButton = el("button", {type: "submit", text: WORDS.save});
  const editor = el("form", {class: "editor", novalidate: true}, el("h2", {text: name}), summary, built.elements,
    el("p", {class: "savebar"}, saveButton));
  editor.addEventListener("submit", async (event) => {
    event.preventDefault();
    summary.replaceChildren();
    const result = await save(name, hash, built.get(), undefined, editor, "data", summary);
    if (result) hash = result;
  });
  app.replaceChildren(back(), editor);
  status("");
}

async function save(path, hash, values, body, container, scope, summary) {
  const payload = {path, hash, values};
  if (body !== undefined) payload.body = body;
  const {status: code, answer} = await api("save", payload);
  if (code === 200) {
    showProblems(container, scope, [], summary);
    status(answer.changed ? `${WORDS.saved}: ${path}` : WORDS.unchanged);
    return answer.hash;
  }
  if (code === 409) { conflict(summary, path, answer.conflict); status(WORDS.conflict); return null; }
  if (code === 422 && answer.problems) {
    const first = showProblems(container, scope, answer.problems, summary);
    if (answer.elsewhere && answer.elsewhere.length) {
      summary.append(el("p", {text: WORDS.elsewhere}), el("ul", {}, answer.elsewhere.map((text) => el("li", {text}))));
    }
    status(`${WORDS.notSaved} (${path})`);
    if (first) first.focus();
    return null;
  }
  summary.append(el("p", {text: `${WORDS.errorPrefix}: ${answer.error || code}`}));
  status(`${WORDS.errorPrefix}: ${answer.error || code}`);
  return null;
}

function conflict(summary, path, versions) {
  summary.append(el("div", {class: "conflict"}, el("p", {text: `${WORDS.conflict} (${path})`}),
    el("div", {class: "langs"},
      el("div", {}, el("h3", {text: WORDS.disk}), el("pre", {tabindex: "0", class: "disk"}, versions.disk)),
      el("div", {}, el("h3", {text: WORDS.yours}), el("pre", {tabindex: "0", class: "yours"}, versions.yours))),
    el("button", {type: "button", text: WORDS.reload, onclick: () => route()})));
}

function back() {
  return el("p", {}, el("a", {href: "#/", text: WORDS.back}));
}

// ---- a page or news item, every language side by side -------------------------------------

async function showDocument(folder, key) {
  const app = document.getElementById("app");
  status(WORDS.loading);
  catalogue = (await api("list", {})).answer;
  const entry = catalogue.entries.find((item) => item.folder === folder && item.key === key);
  if (!entry) { app.replaceChildren(back(), el("p", {role: "alert", text: `${folder}/${key}: ${WORDS.missing}`})); return; }
  const versions = [];
  for (const lang of catalogue.languages) {
    if (!entry.languages[lang]) continue;
    const {status: code, answer} = await api("open", {path: entry.languages[lang].path});
    versions.push({lang, code, answer});
  }
  const summary = el("div", {class: "summary", role: "alert"});
  const frame = el("iframe", {title: WORDS.previewOf, sandbox: "", class: "preview"});
  const previewProblems = el("div", {class: "error", role: "status"});
  const editors = versions.map((version) => documentColumn(version, frame, previewProblems));
  const saveButton = el("button", {type: "submit", text: WORDS.both});
  const editor = el("form", {class: "editor document", novalidate: true},
    el("h2", {text: `${folder}/${key}`}), summary, el("div", {class: "langs docs"}, editors.map((part) => part.element)),
    el("p", {class: "savebar"}, saveButton),
    el("section", {"aria-labelledby": "h-preview", class: "preview-box"}, el("h3", {id: "h-preview", text: WORDS.preview}),
      previewProblems, frame));
  editor.addEventListener("submit", async (event) => {
    event.preventDefault();
    summary.replaceChildren();
    const saved = [];
    for (const part of editors) {
      if (!part.ready) continue;
      const result = await save(part.path, part.hash, part.get(), part.body(), editor, part.lang, summary);
      if (result === null) return;
      part.hash = result;
      saved.push(part.path);
    }
    status(`${WORDS.saved}: ${saved.join(", ")}`);
  });
  app.replaceChildren(back(), editor);
  if (editors.length) editors[0].refresh();
  status("");
}

function documentColumn(version, frame, previewProblems) {
  const {lang, code, answer} = version;
  const heading = el("h3", {text: WORDS.language[lang] || lang});
  if (code !== 200) {
    return {element: el("div", {class: "lang-column", lang}, heading, el("p", {role: "alert", text: `${WORDS.notEditable}: ${answer.error}`})),
      ready: false, refresh: () => {}};
  }
  const built = form(answer.schema, answer.values, lang);
  const id = `body-${lang}`;
  const textarea = el("textarea", {id, rows: 18, lang, class: "body", spellcheck: "true",
    "aria-describedby": `${id}-error`}, answer.body);
  const part = {lang, path: answer.path, hash: answer.hash, ready: true, get: built.get, body: () => textarea.value};
  let timer = null;
  part.refresh = async () => {
    const {status: code2, answer: shown} = await api("preview", {path: part.path, values: part.get(), body: part.body()});
    if (code2 === 200) { frame.src = shown.url; frame.setAttribute("lang", lang); previewProblems.replaceChildren(); }
    else previewProblems.replaceChildren(el("p", {text: WORDS.previewProblem}),
      el("ul", {}, (shown.problems || [shown.error]).map((text) => el("li", {text}))));
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(part.refresh, 500); };
  const column = el("div", {class: "lang-column", lang}, heading, built.elements,
    el("div", {class: "field", "data-path": `${lang}:body`},
      el("label", {for: id, text: WORDS.body}), toolbar(textarea, lang, schedule), textarea,
      el("p", {class: "error", id: `${id}-error`, "data-error-for": `${lang}:body`})));
  column.addEventListener("input", schedule);
  column.addEventListener("change", schedule);
  column.addEventListener("focusin", () => { if (frame.getAttribute("lang") !== lang) schedule(); });
  part.element = column;
  return part;
}

// ---- the Markdown toolbar ---------------------------------------------------------------

function toolbar(textarea, lang, changed) {
  const edit = (before, after, placeholder) => {
    const start = textarea.selectionStart, end = textarea.selectionEnd;
    const chosen = textarea.value.slice(start, end) || placeholder;
    textarea.setRangeText(before + chosen + after, start, end, "end");
    textarea.focus();
    changed();
  };
  const lines = (prefix) => {
    const start = textarea.value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    const end = textarea.selectionEnd;
    const block = textarea.value.slice(start, end) || WORDS.item;
    textarea.setRangeText(block.split("\n").map((line) => prefix + line).join("\n"), start, end, "end");
    textarea.focus();
    changed();
  };
  const button = (text, action, keys) => el("button", {type: "button", onclick: action, "aria-keyshortcuts": keys || null,
    text, title: keys ? `${text} (${keys})` : null});
  textarea.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === "b") { event.preventDefault(); edit("**", "**", WORDS.bold); }
    if (event.key === "i") { event.preventDefault(); edit("_", "_", WORDS.italic); }
  });
  return el("div", {class: "toolbar", role: "toolbar", "aria-label": `${WORDS.body} — ${WORDS.language[lang] || lang}`},
    button(WORDS.bold, () => edit("**", "**", WORDS.bold), "Control+B"),
    button(WORDS.italic, () => edit("_", "_", WORDS.italic), "Control+I"),
    button(WORDS.heading, () => lines("## ")),
    button(WORDS.list, () => lines("- ")),
    button(WORDS.link, () => linkDialog(lang, edit)),
    button(WORDS.image, () => imageDialog(lang, textarea, changed)));
}

function linkDialog(lang, edit) {
  const pages = catalogue.entries.filter((entry) => entry.languages[lang]);
  const select = el("select", {id: uid("page")}, pages.map((entry) =>
    el("option", {value: entry.languages[lang].url, text: `${entry.languages[lang].title} (${entry.languages[lang].url})`})));
  const text = el("input", {id: uid("text"), type: "text"});
  let box = null;
  box = dialog(WORDS.link, el("div", {},
    el("p", {}, el("label", {for: select.id, text: WORDS.linkPage}), select),
    el("p", {}, el("label", {for: text.id, text: WORDS.linkText}), text)), [
    el("button", {type: "button", text: WORDS.insert, onclick: () => {
      const chosen = pages.find((entry) => entry.languages[lang].url === select.value);
      box.close();
      edit("[", `](${select.value})`, text.value || (chosen ? chosen.languages[lang].title : ""));
    }}),
    el("button", {type: "button", text: WORDS.cancel, onclick: () => box.close()})]);
  select.focus();
}

// An image or a document, chosen or uploaded, with its alternative text in each language: the
// link goes into this language's text and, with that language's alt, into the others' texts too.
function imageDialog(lang, textarea, changed) {
  const files = catalogue.files || [];
  const select = el("select", {id: uid("file")}, el("option", {value: "", text: WORDS.choose}),
    files.map((file) => el("option", {value: file.url, "data-kind": file.kind, text: file.name})));
  const upload = el("input", {id: uid("upload"), type: "file", accept: ".png,.jpg,.jpeg,.gif,.webp,.pdf"});
  const alts = {};
  const altFields = catalogue.languages.map((other) => {
    alts[other] = el("input", {id: uid("alt"), type: "text", lang: other});
    return el("p", {}, el("label", {for: alts[other].id, text: `${WORDS.alt} (${WORDS.language[other] || other})`}), alts[other]);
  });
  const problem = el("p", {class: "error", role: "alert"});
  let box = null;
  const insert = async () => {
    let url = select.value, kind = select.selectedOptions[0] ? select.selectedOptions[0].dataset.kind : "image";
    if (upload.files.length) {
      const file = upload.files[0];
      const data = await new Promise((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).split(",")[1] || "");
        reader.readAsDataURL(file);
      });
      const {status: code, answer} = await api("upload", {name: file.name, data});
      if (code !== 200) { problem.textContent = answer.error; return; }
      url = answer.url; kind = answer.kind;
      catalogue.files = [...files, answer];
    }
    if (!url) { problem.textContent = WORDS.chooseFile; return; }
    box.close();
    for (const other of catalogue.languages) {
      const target = other === lang ? textarea : document.getElementById(`body-${other}`);
      if (!target) continue;
      const alt = alts[other].value.replace(/[[\]]/g, "");
      const text = kind === "document" ? `[${alt || url}](${url})` : `![${alt}](${url})`;
      if (other === lang) target.setRangeText(text, target.selectionStart, target.selectionEnd, "end");
      else target.value += (target.value.endsWith("\n") ? "\n" : "\n\n") + text + "\n";
    }
    textarea.focus();
    changed();
  };
  box = dialog(WORDS.image, el("div", {},
    el("p", {}, el("label", {for: select.id, text: WORDS.chooseFile}), select),
    el("p", {}, el("label", {for: upload.id, text: WORDS.upload}), upload), altFields, problem), [
    el("button", {type: "button", text: WORDS.insert, onclick: insert}),
    el("button", {type: "button", text: WORDS.cancel, onclick: () => box.close()})]);
  select.focus();
}

// ---- routes -------------------------------------------------------------------------------

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const main = document.getElementById("main");
  let shown;
  if (parts[0] === "data" && parts[1]) shown = showData(parts[1]);
  else if (parts[0] === "doc" && parts[2]) shown = showDocument(parts[1], parts[2]);
  else shown = showHome();
  shown.then(() => { if (location.hash.length > 2) main.focus(); })
    .catch((error) => status(`${WORDS.errorPrefix}: ${error}`));
}

window.addEventListener("hashchange", route);
route();
