// Loaded by index.html before Streamlit starts (dashboard/server.py adds the script tag), so it
// acts before the first paint (a MutationObserver's callback runs before the browser paints):
// 1. Streamlit's own texts in Dutch: what its widgets, chart menus and Vega charts write or say
//    in English (a button's aria-label, a placeholder, a chart's description for a screen
//    reader); menu items that mean nothing to a reader are hidden. tests/streamlit_english.py
//    lists the English strings; tests/test_browser_dutch.py checks every audience's pages.
// 2. On a phone the sidebar lies over the page: after a choice in it, it closes again.
(() => {
  "use strict";
  // Exact texts (a text node's trimmed content, or an attribute's whole value).
  const EXACT = {
    "Skip to main content": "Naar de inhoud",
    "Choose an option": "Kies een optie",
    "Choose options": "Kies opties",
    "Select...": "Kies…",
    "Select all": "Alles kiezen",
    "No results": "Geen resultaten",
    "No options to select": "Geen keuzes",
    "Clear value": "Wissen",
    "Clear all": "Alles wissen",
    "Clear selection": "Keuze wissen",
    "Open": "Openen",
    "Close": "Sluiten",
    "Search": "Zoeken",
    "Close Search": "Zoeken sluiten",
    "Sidebar": "Zijbalk",
    "App pages": "Pagina's",
    "Collapse sidebar": "Zijbalk inklappen",
    "Expand sidebar": "Zijbalk uitklappen",
    "Main menu": "Hoofdmenu",
    "Running...": "Bezig…",
    "Stop": "Stoppen",
    "Show data": "Toon gegevens",
    "Show chart": "Toon grafiek",
    "Download as CSV": "Download als CSV",
    "Download as PNG": "Download als PNG",
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Toggle fullscreen": "Volledig scherm aan of uit",
    "Show/hide columns": "Kolommen tonen of verbergen",
    "Data View": "Gegevens",
    "Previous page": "Vorige pagina",
    "Next page": "Volgende pagina",
    "Scroll tabs left": "Tabbladen naar links",
    "Scroll tabs right": "Tabbladen naar rechts",
    "Drag and drop file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Drag and drop a file here": "Sleep een bestand hierheen",
    "Browse files": "Bestanden kiezen",
    "Upload": "Bestanden kiezen",
    "Add files": "Bestanden toevoegen",
    "Choose date": "Kies een datum",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.":
      "Kies een datum met de pijltjestoetsen en Enter; Escape sluit de kalender.",
    "Previous month": "Vorige maand",
    "Next month": "Volgende maand",
    "Increment": "Verhogen",
    "Decrement": "Verlagen",
    "Show password": "Wachtwoord tonen",
    "Hide password": "Wachtwoord verbergen",
    "Press Enter to apply": "Druk op Enter om toe te passen",
    "Press Enter to submit form": "Druk op Enter om te versturen",
    "Press Enter to submit": "Druk op Enter om te versturen",
    "Copy to clipboard": "Kopiëren",
    "Copy": "Kopiëren",
    "Copied!": "Gekopieerd",
    "Link to heading": "Link naar deze kop",
    "Page not found": "Pagina niet gevonden",
    "Vega visualization": "Grafiek",
    "warning icon": "waarschuwing",
    "error icon": "fout",
    "info icon": "informatie",
    "success icon": "gelukt",
  };
  const MONTHS = {January: "januari", February: "februari", March: "maart", April: "april",
    May: "mei", June: "juni", July: "juli", August: "augustus", September: "september",
    October: "oktober", November: "november", December: "december"};
  const MONTH = "(January|February|March|April|May|June|July|August|September|October|November|December)";
  // Texts with a variable part, from Streamlit's help buttons, its date fields (react-aria) and
  // Vega's descriptions of charts.
  const PATTERNS = [
    [/^(day|month|year|hour|minute), (.+)$/, (_, part, label) =>
      `${{day: "dag", month: "maand", year: "jaar", hour: "uur", minute: "minuut"}[part]}, ${label}`],
    [new RegExp(`^(\\d+) – ${MONTH}$`), (_, number, month) => `${number} – ${MONTHS[month]}`],
    [new RegExp(`^Selected Date: ${MONTH} (\\d+), (\\d{4})$`), (_, month, day, year) =>
      `Gekozen datum: ${Number(day)} ${MONTHS[month]} ${year}`],
    [new RegExp(`^${MONTH} (\\d{4})$`), (_, month, year) => `${MONTHS[month]} ${year}`],
    [/^Choose date, (.+)$/, "Kies een datum, $1"],
    [/^Help for (.+)$/, "Uitleg bij $1"],
    // A link to a page that does not exist (mistyped, or from an older release): Streamlit's
    // dialog before it opens the landing page.
    [/^(?:The page that you have requested does not seem to exist|You have requested page .+, but no corresponding file was found in the app's pages\/ directory)\. Running the app's main page\.$/,
      "Deze pagina bestaat niet (meer). U ziet nu de startpagina."],
    [/^([XY])-axis for an? (?:time|linear|band|point|ordinal|log|utc) scale with values from (.+) to (.+)$/,
      "$1-as van $2 tot $3"],
    [/^([XY])-axis for an? (?:discrete|band|point|ordinal) scale with (\d+) values?: (.+)$/, "$1-as: $3"],
    [/^([XY])-axis titled '(.+)' for an? \w+ scale with values from (.+) to (.+)$/, "$1-as $2, van $3 tot $4"],
    [/^([XY])-axis titled '(.+)' for an? \w+ scale with (\d+) values?: (.+)$/, "$1-as $2: $4"],
    [/^Title text '(.+)'$/, "Titel: $1"],
    [/^Legend for (.+)$/, "Legenda bij $1"],
    [/^(?:Limit|Limiet) (.+) per file(?:.*)$/, "Maximaal $1 per bestand"],
    // A mark's description starts with its position ("x: apr 01, 2023; y: 1.010; "): the
    // chart's own tooltip fields after it say the same in Dutch.
    [/^(?:[xy]2?: [^;]*; )+(.+)$/, "$1"],
  ];
  // Menu items that mean nothing to a reader (a developer's chart spec, Vega's own editor).
  const HIDE = new Set(["Copy Vega-Lite spec", "View Source", "View Compiled Vega",
    "Open in Vega Editor", "Save as SVG", "Save as PNG", "Download as SVG"]);
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "alt", "aria-description",
    "aria-roledescription", "aria-valuetext"];

  function dutch(text) {
    if (!text) return null;
    const trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(EXACT, trimmed)) return text.replace(trimmed, EXACT[trimmed]);
    for (const [pattern, replacement] of PATTERNS) {
      if (pattern.test(trimmed)) return trimmed.replace(pattern, replacement);
    }
    return null;
  }

  function hideMenuItem(node) {
    // The item is the nearest list item or button around the text.
    const item = node.closest && node.closest("li, [role=menuitem], [role=option], button, a");
    if (item) item.style.display = "none";
  }

  function fixElement(element) {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (HIDE.has(value.trim())) { hideMenuItem(element); continue; }
      const translated = dutch(value);
      if (translated !== null && translated !== value) element.setAttribute(name, translated);
    }
  }

  function fixText(node) {
    const value = node.nodeValue;
    if (!value || !value.trim()) return;
    // Markdown is ours or the user's (a story titled "Open" stays "Open"): Streamlit's own
    // texts are never markdown.
    if (node.parentElement && node.parentElement.closest("[data-testid=stMarkdownContainer]")) return;
    if (HIDE.has(value.trim())) { hideMenuItem(node.parentElement); return; }
    const translated = dutch(value);
    if (translated !== null && translated !== value) node.nodeValue = translated;
  }

  function fixTree(root) {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    for (const element of root.querySelectorAll(ATTRIBUTES.map((name) => `[${name}]`).join(","))) {
      fixElement(element);
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
  }

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "childList") mutation.addedNodes.forEach(fixTree);
      else if (mutation.type === "characterData") fixText(mutation.target);
      else if (mutation.type === "attributes") {
        if (mutation.attributeName === "lang") {
          if (document.documentElement.lang !== "nl") document.documentElement.lang = "nl";
        } else fixElement(mutation.target);
      }
    }
  });
  // On a narrow screen the open sidebar covers the page: a choice made in it closes it, so the
  // reader sees what the choice changed. (Streamlit keeps it open until its button is pressed.)
  const NARROW = window.matchMedia("(max-width: 640px)");
  document.addEventListener("click", (event) => {
    if (!NARROW.matches) return;
    const choice = event.target.closest && event.target.closest(
      "[role=option], [data-testid=stSidebarNavLink], [data-baseweb=radio]");
    // A selectbox's options are drawn in a popover outside the sidebar: the open listbox's
    // combobox tells whether the choice belongs to the sidebar.
    const fromSidebar = choice && (choice.closest("[data-testid=stSidebar]") ||
      (choice.getAttribute("role") === "option" &&
       document.querySelector("[data-testid=stSidebar] [aria-expanded=true]")));
    if (!fromSidebar) return;
    setTimeout(() => {
      const close = document.querySelector("[data-testid=stSidebarCollapseButton] button, " +
        "[data-testid=stSidebar] [data-testid=stBaseButton-headerNoPadding]");
      if (close) close.click();
    }, 150);
  }, true);

  document.documentElement.lang = "nl";
  observer.observe(document.documentElement, {
    childList: true, subtree: true, characterData: true, attributes: true,
    attributeFilter: ATTRIBUTES.concat(["lang"]),
  });
  if (document.body) fixTree(document.body);
})();
