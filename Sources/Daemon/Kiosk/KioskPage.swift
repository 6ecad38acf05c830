import Hummingbird

/// The kiosk page: one full-screen station view (last verdict in green or red with the reason in words, the next
/// step, device and printer health), live from the event stream. Static files with no data in them; the page reads
/// the station from `?station=` and a kiosk token from the URL fragment (`#token=…`, never sent to the server in
/// the URL), and calls the API with it.
enum KioskPage {
    static func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            Response(status: .seeOther, headers: [.location: "/kiosk"])
        }
        router.get("/kiosk") { _, _ in asset(html, type: "text/html; charset=utf-8") }
        router.get("/kiosk/app.js") { _, _ in asset(script, type: "text/javascript; charset=utf-8") }
        router.get("/kiosk/app.css") { _, _ in asset(style, type: "text/css; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = "default-src 'self'; connect-src 'self'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>labelgate station</title>
        <link rel="stylesheet" href="/kiosk/app.css">
        </head>
        <body>
        <header>
          <h1 id="station">labelgate</h1>
          <span id="connection" data-state="connecting">connecting…</span>
        </header>
        <main>
          <section id="verdict" data-outcome="none" aria-live="assertive">
            <div id="verdict-title">Waiting for a scan</div>
            <div id="verdict-reason">Scan a bag label.</div>
            <div id="verdict-detail"></div>
          </section>
          <section id="next">
            <h2>Next step</h2>
            <p id="next-step">…</p>
          </section>
          <section id="health">
            <h2>Devices</h2>
            <ul id="devices"></ul>
          </section>
        </main>
        <script src="/kiosk/app.js"></script>
        </body>
        </html>
        """

    static let style = """
        html, body { margin: 0; height: 100%; font-family: "DejaVu Sans", sans-serif; background: #111; color: #eee; }
        header { display: flex; justify-content: space-between; align-items: center; padding: 0.5em 1em; background: #222; }
        header h1 { margin: 0; font-size: 2em; }
        #connection[data-state="live"] { color: #7f7; }
        #connection[data-state="lost"], #connection[data-state="unauthorized"] { color: #f77; }
        main { display: grid; grid-template-columns: 2fr 1fr; grid-template-rows: auto 1fr; gap: 1em; padding: 1em;
               height: calc(100% - 5em); box-sizing: border-box; }
        #verdict { grid-column: 1 / 3; border-radius: 0.5em; padding: 1em; text-align: center; background: #333; }
        #verdict[data-outcome="accepted"] { background: #0a7d2c; color: #fff; }
        #verdict[data-outcome="refused"] { background: #c00; color: #fff; }
        #verdict-title { font-size: 5em; font-weight: bold; }
        #verdict-reason { font-size: 2.2em; margin-top: 0.3em; }
        #verdict-detail { font-size: 1.2em; opacity: 0.85; margin-top: 0.5em; }
        #next-step { font-size: 2em; }
        #devices { list-style: none; padding: 0; font-size: 1.3em; }
        #devices li[data-state="ready"], #devices li[data-state="attached"], #devices li[data-state="configured"] { color: #7f7; }
        #devices li[data-state="failed"], #devices li[data-state="detached"] { color: #f77; }
        #devices li[data-state="ignored"] { color: #fc6; }
        """

    static let script = """
        "use strict";
        const params = new URLSearchParams(location.search);
        const station = params.get("station") || "";
        const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
        const auth = { "Authorization": "Bearer " + token };
        const $ = (id) => document.getElementById(id);

        function showVerdict(verdict) {
          const box = $("verdict");
          const accepted = verdict.outcome === "accepted";
          box.dataset.outcome = verdict.outcome;
          $("verdict-title").textContent = accepted ? "ACCEPTED" : "REFUSED";
          $("verdict-reason").textContent = verdict.message;
          const parts = [];
          if (verdict.reason) parts.push("reason: " + verdict.reason);
          if (verdict.din) parts.push("DIN " + verdict.din);
          if (verdict.serial) parts.push("serial " + verdict.serial);
          if (verdict.auditSequence) parts.push("audit #" + verdict.auditSequence);
          $("verdict-detail").textContent = parts.join(" · ");
        }

        function showNotice(text, refused) {
          $("verdict").dataset.outcome = refused ? "refused" : "accepted";
          $("verdict-title").textContent = refused ? "REFUSED" : "DONE";
          $("verdict-reason").textContent = text;
          $("verdict-detail").textContent = "";
        }

        async function refreshStatus() {
          const response = await fetch("/v1/status", { headers: auth });
          if (response.status === 401 || response.status === 403) {
            $("connection").dataset.state = "unauthorized";
            $("connection").textContent = "not authorized";
            return;
          }
          const status = await response.json();
          const mine = status.stations.find((s) => s.id === station) || status.stations[0];
          if (!mine) return;
          $("station").textContent = mine.title + " (" + mine.role + ")";
          $("next-step").textContent = mine.nextStep;
          if (mine.lastVerdict && $("verdict").dataset.outcome === "none") showVerdict(mine.lastVerdict);
        }

        async function refreshDevices() {
          const response = await fetch("/v1/devices", { headers: auth });
          if (!response.ok) return;
          const list = $("devices");
          list.replaceChildren();
          for (const device of await response.json()) {
            if (device.station && station && device.station !== station && device.kind !== "printer") continue;
            const item = document.createElement("li");
            item.dataset.state = device.state;
            // An ignored scanner is bound to no station: its scans are not decided anywhere, so every kiosk shows it.
            const detail =
              device.state === "ignored" ? "not bound to a station; its scans are not decided" : device.detail;
            item.textContent =
              device.kind + " " + device.id + ": " + device.state + (detail ? " (" + detail + ")" : "");
            list.appendChild(item);
          }
        }

        function handle(event) {
          if (event.station && station && event.station !== station) {
            if (event.type === "printerState" || event.type.startsWith("device")) refreshDevices();
            return;
          }
          if (event.type === "verdict" && event.verdict) showVerdict(event.verdict);
          if (event.type === "step") showNotice(event.message || event.state, event.state === "refused");
          if (event.type === "manifest") showNotice(event.message, true);
          if (event.type === "printerState" || event.type.startsWith("device")) refreshDevices();
          refreshStatus();
        }

        async function stream() {
          try {
            const response = await fetch("/v1/events", { headers: auth });
            if (!response.ok) throw new Error("HTTP " + response.status);
            $("connection").dataset.state = "live";
            $("connection").textContent = "live";
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            let pending = "";
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              pending += decoder.decode(value, { stream: true });
              let end;
              while ((end = pending.indexOf("\\n\\n")) >= 0) {
                const block = pending.slice(0, end);
                pending = pending.slice(end + 2);
                const data = block.split("\\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("");
                if (data) handle(JSON.parse(data));
              }
            }
          } catch (error) {
            console.log("event stream: " + error);
          }
          $("connection").dataset.state = "lost";
          $("connection").textContent = "reconnecting…";
          setTimeout(stream, 2000);
        }

        refreshStatus();
        refreshDevices();
        stream();
        setInterval(refreshDevices, 10000);
        """
}
