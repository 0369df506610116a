use proptest::prelude::*;

use super::*;
use crate::grid::{GridInput, MonthContext, Totals, fill_seven_hours, validate_grid};
use crate::{HolidayZone, Period};

fn ctx(g: Granularity) -> MonthContext {
    MonthContext {
        period: Period::new(2026, 10).expect("period"),
        session_start: NaiveDate::from_ymd_opt(2026, 10, 5).expect("d"),
        session_end: NaiveDate::from_ymd_opt(2027, 3, 31).expect("d"),
        zone: HolidayZone::Metropole,
        granularity: g,
        planned: Hours::ZERO,
        today: NaiveDate::from_ymd_opt(2100, 1, 1).expect("d"),
    }
}

#[test]
fn download_fill_upload_gives_the_same_grid_in_every_granularity() {
    for g in [Granularity::Day, Granularity::HalfDay] {
        let c = ctx(g);
        let mut days = fill_seven_hours(&c);
        days[2].absence = Hours::from_hundredths(150);
        let csv = template(&c, &GridInput::Days(days.clone()));
        assert!(csv.starts_with('\u{FEFF}'));
        assert!(csv.contains("05/10/2026;lundi;"), "{csv}");
        assert!(csv.contains("1,50"));
        let back = parse(&c, &csv).expect("parses");
        let a = validate_grid(&c, back).expect("valid");
        let b = validate_grid(&c, GridInput::Days(days)).expect("valid");
        assert_eq!(a, b, "{g:?}");
    }
    let c = ctx(Granularity::Month);
    let t = Totals {
        training: Hours::from_whole(147),
        internship: Hours::from_hundredths(350),
        absence: Hours::ZERO,
    };
    let csv = template(&c, &GridInput::Totals(t));
    assert!(csv.contains("Octobre 2026;147,00;3,50;"));
    assert_eq!(parse(&c, &csv).expect("parses"), GridInput::Totals(t));
}

#[test]
fn every_bad_line_is_reported_with_its_column() {
    let c = ctx(Granularity::Day);
    let csv = "Date;Jour;Formation;Stage;Absence\n05/10/2026;lundi;7;;\n06/10/2026;mardi;-2;;\n07/11/2026;mercredi;7;;\n08/10/2026;jeudi;7,555;abc;\nxx;vendredi;1;;\n05/10/2026;lundi;1;;\n";
    let issues = parse(&c, csv).expect_err("refused");
    let got: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (3, "Heures de présence en formation"),
            (4, "Date"),
            (5, "Heures de présence en formation"),
            (5, "Heures de présence en stage"),
            (6, "Date"),
            (7, "Date"),
        ]
    );
    assert!(issues[0].message.contains("négatives"));
}

#[test]
fn reading_errors_and_the_grid_rules_are_reported_in_one_round() {
    let c = ctx(Granularity::Day);
    let csv = "Date;Jour;Formation;Stage;Absence\n02/10/2026;vendredi;7;;\n05/10/2026;lundi;abc;;\n06/10/2026;mardi;20;6;\n07/10/2026;mercredi;7;;\n";
    let issues = parse(&c, csv).expect_err("refused");
    let got: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
    assert_eq!(
        got,
        vec![(2, "Date"), (3, "Heures de présence en formation"), (4, "")],
        "{issues:?}"
    );
    assert!(
        issues[0].message.starts_with("Vendredi 2 octobre 2026"),
        "{issues:?}"
    );
    assert!(issues[2].message.contains("24 heures"), "{issues:?}");
    let c = ctx(Granularity::Month);
    let issues =
        parse(&c, "Mois;Formation;Stage;Absence\nOctobre 2026;900;;\n").expect_err("over capacity");
    assert_eq!(issues[0].line, 2, "{issues:?}");
}

#[test]
fn a_wrong_header_is_refused_at_once() {
    let issues =
        parse(&ctx(Granularity::HalfDay), "Date;Formation\n01/10/2026;7\n").expect_err("refused");
    assert_eq!(issues[0].line, 1);
    assert!(
        issues[0]
            .message
            .starts_with("En-tête inattendu (2\u{a0}colonnes au lieu de 7)"),
        "{issues:?}"
    );
    let issues = parse(
        &ctx(Granularity::Day),
        "Date;Jour;Formation;Stage;Absence\n05/10/2026\n",
    )
    .expect_err("refused");
    assert_eq!(
        issues[0].message, "1\u{a0}colonne au lieu de 5.",
        "a count agrees: {issues:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn the_csv_parser_never_panics(s in "\\PC{0,300}", g in 0usize..3) {
        let g = [Granularity::Month, Granularity::Day, Granularity::HalfDay][g];
        let _ = parse(&ctx(g), &s);
        let with_header = format!("{}\n{s}", headers(g).join(";"));
        let _ = parse(&ctx(g), &with_header);
    }
}

#[test]
fn a_planned_calendar_csv_is_read_with_or_without_header() {
    let days =
        parse_planned("Date;Formation;Stage\n05/10/2026;7;\n2026-10-06;3,5;3h30\n").expect("ok");
    assert_eq!(days.len(), 2);
    assert_eq!(days[1].internship, Hours::from_hundredths(350));
    let bad = parse_planned("05/10/2026;7\n05/10/2026;x\nhier;1\n").expect_err("bad");
    assert_eq!(bad.len(), 3);
}
