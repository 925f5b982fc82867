// Small helpers: elements built without ever parsing HTML, the API, dialogs, shared state.
import {TOKEN, WORDS} from "./words.js";

// What every view needs: the list of files, languages and records (the API's "list").
export const state = {catalogue: null};

export function el(tag, attributes = {}, ...children) {
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
export const uid = (prefix) => `${prefix}-${++counter}`;

export function status(message) {
  document.getElementById("status").textContent = message;
}

export async function api(action, payload) {
  const response = await fetch(`/_editor/api/${action}`, {
    method: "POST", headers: {"Content-Type": "application/json", "X-Editor-Token": TOKEN},
    body: JSON.stringify(payload), credentials: "same-origin",
  });
  let answer = {};
  try { answer = await response.json(); } catch (error) { answer = {error: response.statusText}; }
  return {status: response.status, answer};
}

// ---- dialogs (native <dialog>: focus is kept inside, Esc closes) -------------------------

export function dialog(heading, body, actions) {
  const id = uid("dialog");
  const box = el("dialog", {"aria-labelledby": id}, el("h2", {id, text: heading}), body, el("p", {class: "actions"}, actions));
  document.body.append(box);
  box.addEventListener("close", () => box.remove());
  box.showModal();
  return box;
}

export function confirmDialog(message) {
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

export function ask(label, value) {
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
