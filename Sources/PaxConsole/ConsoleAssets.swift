/// The console's own stylesheet and script, served from memory at `/static/...` (nothing is
/// fetched from anywhere else; the CSP allows only these).
enum ConsoleAssets {
    static let css = """
        :root { font-family: system-ui, sans-serif; color: #111; background: #fafafa; }
        body { margin: 0; }
        header { background: #1d2b3a; color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; }
        header a { color: #fff; }
        header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
        header a[aria-current="page"] { font-weight: bold; text-decoration: underline; }
        header .who { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; }
        header form { display: inline; }
        main { padding: 1rem; max-width: 1400px; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        thead th { background: #e8edf2; }
        .counters { display: flex; flex-wrap: wrap; gap: 1rem; }
        .counters div { border: 1px solid #ccc; padding: 0.5rem 1rem; background: #fff; }
        .counters dd { font-size: 1.6rem; margin: 0; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0.25rem 1rem; }
        .facts dt { font-weight: bold; }
        .facts dd { margin: 0; }
        .chart { width: 100%; max-width: 600px; height: auto; background: #fff; border: 1px solid #ccc; }
        .timeline { font-family: ui-monospace, monospace; font-size: 0.85rem; max-height: 28rem; overflow-y: auto; background: #fff; border: 1px solid #ccc; padding: 0.5rem 2.5rem; }
        .tag { display: inline-block; min-width: 5.5rem; font-weight: bold; }
        .kind-refused .tag, .kind-alert .tag, .kind-failed .tag { color: #a40000; }
        .outcome { font-weight: bold; padding: 0 0.3rem; border-radius: 3px; }
        .outcome-cleared { background: #d6f0d6; }
        .outcome-inspect { background: #ffe9b3; }
        .outcome-noboard { background: #f8c6c6; }
        .side-by-side { display: flex; flex-wrap: wrap; gap: 1rem; }
        .hit { border: 1px solid #ccc; background: #fff; padding: 0.5rem 1rem; margin-bottom: 1rem; }
        pre.xml { background: #fff; border: 1px solid #ccc; padding: 0.5rem; overflow-x: auto; max-height: 30rem; white-space: pre-wrap; }
        .filters { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
        label { font-weight: bold; }
        .error { color: #a40000; font-weight: bold; }
        """

    /// Live updates: the timeline grows from `/events` (Server-Sent Events) and the counters
    /// follow. Text only (`textContent`), never markup from the server.
    static let js = """
        "use strict";
        (function () {
          var list = document.getElementById("timeline");
          if (!list || !window.EventSource) { return; }
          var status = document.getElementById("live-status");
          var source = new EventSource("/events");
          source.addEventListener("open", function () { if (status) { status.textContent = "Live: new events appear at the top."; } });
          source.addEventListener("error", function () { if (status) { status.textContent = "Live updates interrupted; reconnecting."; } });
          source.addEventListener("timeline", function (message) {
            var entry;
            try { entry = JSON.parse(message.data); } catch (e) { return; }
            var item = document.createElement("li");
            item.className = "kind-" + entry.kind;
            item.setAttribute("data-sequence", String(entry.sequence));
            var time = document.createElement("time");
            time.textContent = entry.time;
            var tag = document.createElement("span");
            tag.className = "tag";
            tag.textContent = entry.kind;
            item.appendChild(time);
            item.appendChild(document.createTextNode(" "));
            item.appendChild(tag);
            item.appendChild(document.createTextNode(" " + entry.text));
            list.insertBefore(item, list.firstChild);
            while (list.children.length > 200) { list.removeChild(list.lastChild); }
            list.setAttribute("data-last", String(entry.sequence));
            if (entry.counters) {
              Object.keys(entry.counters).forEach(function (key) {
                var cell = document.getElementById("counter-" + key);
                if (cell) { cell.textContent = String(entry.counters[key]); }
              });
            }
          });
        })();
        """
}
