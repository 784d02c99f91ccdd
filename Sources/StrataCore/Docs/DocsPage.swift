/// The docs page's HTML skeleton and style.
///
/// The script is in `DocsPage+Script.swift`. Everything is inlined so the page needs no server and no network.
enum DocsPage {
    static let template = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Strata docs</title>
        <style>/*STRATA_STYLE*/</style>
        </head>
        <body>
        <header><a href="#" id="home">Strata docs</a> <span id="project"></span></header>
        <div id="layout">
        <nav id="sidebar">
        <input id="search" type="search" placeholder="Search models, sources, columns…" autocomplete="off">
        <div class="filters">
        <select id="filter-type"><option value="">all types</option></select>
        <select id="filter-schema"><option value="">all schemas</option></select>
        <select id="filter-tag"><option value="">all tags</option></select>
        </div>
        <div class="filters"><label for="group-by">group by</label>
        <select id="group-by"><option value="schema">schema</option><option value="folder">folder</option><option value="tag">tag</option></select>
        </div>
        <div id="count"></div>
        <div id="list"></div>
        </nav>
        <main id="detail"></main>
        </div>
        <script type="application/json" id="strata-data">/*STRATA_DATA*/</script>
        <script>/*STRATA_SCRIPT*/</script>
        </body>
        </html>

        """#

    static let style = #"""
        :root { --fg: #1d2430; --muted: #5b6675; --line: #dde2e8; --accent: #2456a6; --bg2: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); }
        header { padding: 10px 16px; border-bottom: 1px solid var(--line); background: var(--bg2); }
        header a { font-weight: 600; color: var(--fg); text-decoration: none; }
        #project { color: var(--muted); margin-left: 8px; }
        #layout { display: flex; height: calc(100vh - 45px); }
        #sidebar { width: 340px; min-width: 260px; border-right: 1px solid var(--line); overflow: auto; padding: 10px; }
        #detail { flex: 1; overflow: auto; padding: 16px 28px; }
        #search { width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 4px; }
        .filters { display: flex; gap: 4px; margin: 6px 0; }
        .filters select { flex: 1; min-width: 0; }
        .filters label { color: var(--muted); font-size: 12px; align-self: center; }
        #count { color: var(--muted); font-size: 12px; margin-bottom: 6px; }
        .group h3 { font-size: 12px; text-transform: uppercase; color: var(--muted); margin: 12px 0 4px; }
        .group a { display: block; padding: 2px 6px; border-radius: 3px; color: var(--fg); text-decoration: none; }
        .group a:hover, .group a.current { background: #e8eef8; }
        .badge { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px; background: var(--bg2);
          border: 1px solid var(--line); color: var(--muted); margin-right: 4px; }
        a { color: var(--accent); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
        th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
        th { background: var(--bg2); }
        pre { background: var(--bg2); border: 1px solid var(--line); padding: 10px; overflow: auto; font-size: 12px; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        .kw { color: #7a2eaa; font-weight: 600; } .str { color: #1d7a3a; } .com { color: #8a8f98; } .num { color: #b35c00; }
        dl.props { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
        dl.props dt { color: var(--muted); }
        dl.props dd { margin: 0; }
        tr.current td { background: #fff8db; } td p { margin: 0; }
        #column-lineage { border: 1px solid var(--line); border-radius: 4px; padding: 4px 14px; margin-bottom: 16px; }
        .lineage-panes { display: flex; gap: 24px; } .lineage-panes > div { flex: 1; min-width: 0; }
        #column-lineage ul { padding-left: 18px; margin: 2px 0; }
        .graph-controls { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
        #lineage-graph { border: 1px solid var(--line); border-radius: 4px; background: #fbfcfd; overflow: hidden; }
        #graph-svg { display: block; cursor: grab; user-select: none; }
        .gnode rect { fill: #fff; stroke: #9aa6b5; } .gnode text { font-size: 12px; fill: var(--fg); }
        .gnode { cursor: pointer; } .gnode:hover rect { stroke: var(--accent); stroke-width: 2; }
        .gnode.source rect { fill: #eef7ee; } .gnode.seed rect { fill: #f3eefa; } .gnode.snapshot rect { fill: #fdf3e6; }
        .gnode.focus rect { stroke: var(--accent); stroke-width: 2.5; fill: #e8eef8; }
        .edge { fill: none; stroke: #b5bfcc; stroke-width: 1.2; }
        .neighbours { display: flex; gap: 40px; }
        .empty { color: var(--muted); font-style: italic; }
        """#
}
