//! Benchmark QUALITY P4: a certificate with logo, stamp and a 31-row grid — render time on one
//! core and size. Run with `cargo xtask bench`.

use std::time::{Duration, Instant};

use realis_bench::{Figure, NO_DATABASE, percentile};

fn main() -> Result<(), realis_pdf::PdfError> {
    let model = realis_pdf::sample::certificate();
    let mut times: Vec<Duration> = Vec::new();
    let mut size = 0;
    for _ in 0..60 {
        let t = Instant::now();
        size = realis_pdf::certificate(&model)?.len();
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let kb = size as f64 / 1024.0;
    println!(
        "P4 certificate PDF (logo, stamp, 31 rows, 2 pages): median {:.1} ms, p90 {:.1} ms, {kb:.1} KB (bar: ≤ 50 ms, ≤ 100 KB)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.9)),
    );
    Figure::new(
        "P4",
        NO_DATABASE,
        "certificate PDF (logo, stamp, 31 rows, 2 pages), 60 renders",
    )
    .percentiles(&times)
    .note(format!("{kb:.1} KB"))
    .print();
    Ok(())
}
