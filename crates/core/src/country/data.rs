use super::CountryRow;
pub(super) static COUNTRIES: &[CountryRow] = &[
    CountryRow { alpha2: "BR", alpha3: "BRA", en: "Brazil", fr: "Brésil", de: "Brasilien", it: "Brasile", alt: &[] },
    CountryRow { alpha2: "CH", alpha3: "CHE", en: "Switzerland", fr: "Suisse", de: "Schweiz", it: "Svizzera", alt: &[] },
];
