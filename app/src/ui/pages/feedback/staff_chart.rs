//! Charts drawn by the app as SVG: horizontal bars and a two-series column chart. No outside
//! chart service; each chart has a title and a table-like text alternative for screen readers.
use leptos::prelude::*;

/// Horizontal bars, one per (label, value), scaled to the largest value.
#[component]
pub fn BarChart(
    /// Accessible title.
    title: String,
    /// (label, value) pairs, drawn in order.
    data: Vec<(String, i64)>,
) -> impl IntoView {
    let max = data.iter().map(|d| d.1).max().unwrap_or(1).max(1);
    let row = 28;
    let height = (data.len().max(1) * row + 8) as i64;
    let label_w = 130;
    let width = 480;
    let bar_w = width - label_w - 50;
    let summary = data
        .iter()
        .map(|(l, v)| format!("{l} {v}"))
        .collect::<Vec<_>>()
        .join("；");
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=format!("{title}：{summary}") class="bar-chart">
                <title>{title.clone()}</title>
                {data.into_iter().enumerate().map(|(i, (label, v))| {
                    let y = (i * row) as i64 + 4;
                    let w = (v * i64::from(bar_w) / max).max(if v > 0 { 2 } else { 0 });
                    view! {
                        <g>
                            <text x=label_w - 8 y=y + 17 text-anchor="end" class="chart-label">{label}</text>
                            <rect x=label_w y=y width=w height=row - 8 rx="3" class="chart-bar"></rect>
                            <text x=i64::from(label_w) + w + 6 y=y + 17 class="chart-value">{v}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

/// Columns of two series per period (filed and answered).
#[component]
pub fn TrendChart(
    /// Accessible title.
    title: String,
    /// (period, first series, second series).
    data: Vec<(String, i64, i64)>,
    /// Legend of the first series.
    first: String,
    /// Legend of the second series.
    second: String,
) -> impl IntoView {
    let max = data.iter().map(|d| d.1.max(d.2)).max().unwrap_or(1).max(1);
    let n = data.len().max(1) as i64;
    let width = 480i64;
    let height = 200i64;
    let plot_h = 150i64;
    let slot = (width - 20) / n;
    let bar = (slot / 3).max(2);
    let summary = data
        .iter()
        .map(|(p, a, b)| format!("{p} {a}/{b}"))
        .collect::<Vec<_>>()
        .join("；");
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=format!("{title}：{summary}") class="trend-chart">
                <title>{title.clone()}</title>
                <line x1="10" y1=plot_h + 10 x2=width - 10 y2=plot_h + 10 class="chart-axis"></line>
                {data.iter().enumerate().map(|(i, (period, a, b))| {
                    let x = 10 + i as i64 * slot + slot / 6;
                    let ha = a * plot_h / max;
                    let hb = b * plot_h / max;
                    let show_label = n <= 8 || i % ((n as usize / 6).max(1)) == 0;
                    view! {
                        <g>
                            <rect x=x y=plot_h + 10 - ha width=bar height=ha class="chart-bar"></rect>
                            <rect x=x + bar y=plot_h + 10 - hb width=bar height=hb class="chart-bar second"></rect>
                            {show_label.then(|| view! { <text x=x y=height - 12 class="chart-label small">{period.clone()}</text> })}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="legend">
                <span class="swatch"></span>{first}" "
                <span class="swatch second"></span>{second}
            </figcaption>
        </figure>
    }
}
