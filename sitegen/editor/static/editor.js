// The staff editor: forms drawn from the content schema the server describes, saved through
// the editor's JSON API. No HTML from content is ever inserted as markup: every text goes in
// through textContent or an input's value; the live preview is the site's page in a sandboxed frame.
import {WORDS} from "./words.js";
import {api, ask, confirmDialog, el, state, status} from "./dom.js";
import {form, showProblems} from "./forms.js";
import {toolbar} from "./markdown.js";

// ---- the list of files ------------------------------------------------------------------

async function showHome() {
  const app = document.getElementById("app");
  status(WORDS.loading);
  const {answer} = await api("list", {});
  state.catalogue = answer;
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
  const rows = state.catalogue.entries.filter((entry) => entry.folder === folder).map((entry) => {
    const cells = state.catalogue.languages.map((lang) => {
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
        state.catalogue.languages.map((lang) => el("th", {scope: "col", text: WORDS.language[lang] || lang})),
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
  const fields = state.catalogue.languages.map((lang) => {
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
    for (const lang of state.catalogue.languages) {
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

// ---- a data file ------------------------------------------------------------------------

async function showData(name) {
  const app = document.getElementById("app");
  status(WORDS.loading);
  if (!state.catalogue) state.catalogue = (await api("list", {})).answer;
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
    const result = await save([{path: name, hash, values: built.get(), scope: "data"}], editor, summary);
    if (result) hash = result[name];
  });
  app.replaceChildren(back(), editor);
  status("");
}

// Save files together (a page and its translation are judged as one would-be site); the new
// hash of each file by its path, or null when nothing was written.
async function save(files, container, summary) {
  const payload = {files: files.map(({path, hash, values, body}) =>
    (body === undefined ? {path, hash, values} : {path, hash, values, body}))};
  const {status: code, answer} = await api("save", payload);
  if (code === 200) {
    for (const file of files) showProblems(container, file.scope, [], summary);
    const changed = answer.files.filter((file) => file.changed).map((file) => file.path);
    status(changed.length ? `${WORDS.saved}: ${changed.join(", ")}` : WORDS.unchanged);
    return Object.fromEntries(answer.files.map((file) => [file.path, file.hash]));
  }
  if (code === 409) { conflict(summary, answer.conflict.path, answer.conflict); status(WORDS.conflict); return null; }
  if (code === 422 && answer.problems) {
    let first = null;
    for (const file of files) {
      const found = showProblems(container, file.scope, answer.problems.filter((problem) => problem.path === file.path), summary);
      first = first || found;
    }
    if (answer.elsewhere && answer.elsewhere.length) {
      summary.append(el("p", {text: WORDS.elsewhere}), el("ul", {}, answer.elsewhere.map((text) => el("li", {text}))));
    }
    status(`${WORDS.notSaved} (${files.map((file) => file.path).join(", ")})`);
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
  state.catalogue = (await api("list", {})).answer;
  const entry = state.catalogue.entries.find((item) => item.folder === folder && item.key === key);
  if (!entry) { app.replaceChildren(back(), el("p", {role: "alert", text: `${folder}/${key}: ${WORDS.missing}`})); return; }
  const versions = [];
  for (const lang of state.catalogue.languages) {
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
    const parts = editors.filter((part) => part.ready);
    const result = await save(parts.map((part) => ({path: part.path, hash: part.hash, values: part.get(),
      body: part.body(), scope: part.lang})), editor, summary);
    if (result) for (const part of parts) part.hash = result[part.path];
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
