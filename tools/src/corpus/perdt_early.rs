//! The early PerDT train sentences (`ud-perdt/perdt-train-early-705.conllu`):
//! CoNLL-U lines (`# text`, multiword range lines, 10 tab-separated columns)
//! whose columns are not in CoNLL-U order:
//!
//! `ID FORM LEMMA UPOS XPOS FEATS _ SPACE HEAD DEPREL`
//!
//! where XPOS is the Dadegan fine tag (`IANM`), FEATS holds the coarse one
//! (`dadeg_pos=N`) among others, and SPACE is `_` or `spaceAfter=NO`. A word's
//! [`UdWord::xpos`] is the two joined as in current PerDT (`N_IANM`; the
//! coarse tag alone when both are the same, `PREP`), its MISC is
//! `SpaceAfter=No` or `_`. The UPOS is kept as written (pre-final: `PREM`,
//! `IDEN`, `PSUS`, no `PROPN`); mapping it is the caller's.

use super::{conllu, UdSentence, UdWord};

/// Parses the early PerDT file. A word line without 10 columns, with a bad
/// ID, without `dadeg_pos=` in FEATS, or with anything but `_` or
/// `spaceAfter=NO` in its 8th column is an error naming its line.
pub fn parse(src: &str) -> Result<Vec<UdSentence>, String> {
    conllu::parse_with(src, |cols| {
        let coarse = cols[5]
            .split('|')
            .find_map(|kv| kv.strip_prefix("dadeg_pos="))
            .filter(|c| !c.is_empty())
            .ok_or_else(|| format!("no dadeg_pos= in column 6: {:?}", cols[5]))?;
        let fine = cols[4];
        if fine.is_empty() || fine == "_" {
            return Err(format!("no XPOS in column 5: {fine:?}"));
        }
        let misc = match cols[7] {
            "_" => "_",
            s if s.eq_ignore_ascii_case("spaceAfter=NO") => "SpaceAfter=No",
            s => return Err(format!("expected _ or spaceAfter=NO in column 8: {s:?}")),
        };
        Ok(UdWord {
            form: cols[1].to_string(),
            lemma: Some(cols[2].to_string()),
            upos: cols[3].to_string(),
            xpos: if fine == coarse {
                coarse.to_string()
            } else {
                format!("{coarse}_{fine}")
            },
            misc: misc.to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = train-s1\n# text = کتابش را خواند.\n\
        1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tکتاب\tکتاب\tNOUN\tIANM\tnumber=SING|dadeg_pos=N|Dadegan_rP=OBJ\t_\t_\t4\tOBJ\n\
        2\tش\tاو\tPRON\tPRO\tdadeg_pos=PR\t_\t_\t1\tMOZ\n\
        3\tرا\tرا\tADP\tPOSTP\tdadeg_pos=POSTP\t_\t_\t1\tOBJ\n\
        4\tخواند\tخواند#خوان\tVERB\tACT\tperson=3|dadeg_pos=V\t_\tspaceAfter=NO\t0\tROOT\n\
        5\t.\t.\tPUNCT\tPUNC\tdadeg_pos=PUNC\t_\t_\t4\tPUNC\n\
        \n\
        1\tاین\tاین\tPREM\tDEMAJ\tdadeg_pos=PREM\t_\t_\t0\tROOT\r\n";

    #[test]
    fn reads_its_column_order() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "کتابش را خواند.");
        let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["کتابش", "را", "خواند", "."]);
        let t = &s[0].tokens[0];
        assert!(t.multiword);
        let xpos: Vec<&str> = t.words.iter().map(|w| w.xpos.as_str()).collect();
        assert_eq!(xpos, ["N_IANM", "PR_PRO"]);
        assert_eq!(t.words[1].lemma.as_deref(), Some("او"));
        assert_eq!(s[0].tokens[1].words[0].xpos, "POSTP");
        let v = &s[0].tokens[2].words[0];
        assert_eq!(
            (v.upos.as_str(), v.xpos.as_str(), v.misc.as_str()),
            ("VERB", "V_ACT", "SpaceAfter=No")
        );
        assert_eq!(v.lemma.as_deref(), Some("خواند#خوان"));
        assert_eq!(s[0].tokens[3].words[0].misc, "_");
        let w = &s[1].tokens[0].words[0];
        assert_eq!((w.upos.as_str(), w.xpos.as_str()), ("PREM", "PREM_DEMAJ"));
    }

    #[test]
    fn malformed_lines_are_errors() {
        // Standard CoNLL-U: no dadeg_pos in the 6th column.
        let e =
            parse("# text = x\n1\tx\tx\tNOUN\tN_IANM\tNumber=Sing\t0\troot\t_\t_\n").unwrap_err();
        assert!(e.starts_with("line 2: no dadeg_pos="), "{e}");
        let e = parse("1\tx\tx\tNOUN\tIANM\tdadeg_pos=N\t_\tSpaceAfter\t0\tROOT\n").unwrap_err();
        assert!(e.starts_with("line 1: expected _ or spaceAfter=NO"), "{e}");
        let e = parse("\n1\tx\tx\tNOUN\t_\tdadeg_pos=N\t_\t_\t0\tROOT\n").unwrap_err();
        assert!(e.starts_with("line 2: no XPOS"), "{e}");
        let e = parse("1\tx\tx\tNOUN\tIANM\n").unwrap_err();
        assert_eq!(e, "line 1: expected 10 columns, found 5");
        let e = parse("x\tx\tx\tNOUN\tIANM\tdadeg_pos=N\t_\t_\t0\tROOT\n").unwrap_err();
        assert!(e.starts_with("line 1: bad id"), "{e}");
    }
}
