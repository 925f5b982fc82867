// The Markdown toolbar: bold, italic, heading, list, a link to a page chosen from a list, an
// image or a document chosen or uploaded with its alternative text in each language.
import {WORDS} from "./words.js";
import {api, dialog, el, state, uid} from "./dom.js";

export function toolbar(textarea, lang, changed) {
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
  const pages = state.catalogue.entries.filter((entry) => entry.languages[lang]);
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
  const files = state.catalogue.files || [];
  const select = el("select", {id: uid("file")}, el("option", {value: "", text: WORDS.choose}),
    files.map((file) => el("option", {value: file.url, "data-kind": file.kind, text: file.name})));
  const upload = el("input", {id: uid("upload"), type: "file", accept: ".png,.jpg,.jpeg,.gif,.webp,.pdf"});
  const alts = {};
  const altFields = state.catalogue.languages.map((other) => {
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
      state.catalogue.files = [...files, answer];
    }
    if (!url) { problem.textContent = WORDS.chooseFile; return; }
    box.close();
    for (const other of state.catalogue.languages) {
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
