/**
 * End-of-life dates of base image versions, read by the dockerfile/no-eol-base-image rule.
 * This is DATA: the object between the markers is plain JSON, rewritten by `node scripts/refresh-eol.mjs`
 * from https://endoflife.date/api/<product>.json (keep it JSON: double quotes, no comments, no trailing commas).
 * Compiled offline on 2026-11-24 from the projects' published schedules; every product names its source and
 * the date its data was taken, and cycles marked "projected" follow the published policy, not an announcement.
 */

/** One release line: `cycle` as image tags write it ("22", "3.12", "1.23", "bookworm" is `codename`). */
export interface EolCycle {
  cycle: string;
  /** First release (YYYY-MM-DD). */
  release: string;
  /** Last day of support (YYYY-MM-DD); null when no date is set yet. */
  eol: string | null;
  /** Long-term support: true, or the date LTS starts. */
  lts?: boolean | string;
  /** Lower-case codename used in tags (node "iron", debian "bookworm", ubuntu "noble"). */
  codename?: string;
  /** Dates inferred from the project's policy rather than read from an announcement. */
  projected?: boolean;
}

export interface EolProduct {
  /** Docker Hub official images (library/<name>) that carry this product's versions. */
  images: string[];
  /** endoflife.date product id the refresh script reads; null when the table is kept by hand. */
  endoflife: string | null;
  source: string;
  /** When the data was taken (YYYY-MM-DD). */
  retrieved: string;
  /** "offline": written from published schedules without network; "endoflife.date": fetched by the refresh script. */
  method: 'offline' | 'endoflife.date';
  /** Image to move to when the product itself is discontinued (openjdk -> eclipse-temurin). */
  replacement?: string;
  cycles: EolCycle[];
}

export interface EolData {
  compiled: string;
  note: string;
  products: Record<string, EolProduct>;
}

// <eol-data>
const data: EolData = {
  "compiled": "2026-11-24",
  "note": "Compiled offline on 2026-11-24 from the projects' published release and end-of-life schedules (as mirrored by endoflife.date), without network access. Cycles marked \"projected\" were not yet released or announced when the schedule was last read: their dates follow the published policy (Node.js every April/October, Python every October, Go every February/August, Alpine every May/November, Ubuntu every April/October, nginx every spring). Run `node scripts/refresh-eol.mjs` on a machine with internet to replace them with fetched data.",
  "products": {
    "node": {
      "images": ["node"],
      "endoflife": "nodejs",
      "source": "https://endoflife.date/api/nodejs.json; upstream schedule https://github.com/nodejs/Release",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "27", "release": "2026-10-20", "eol": "2027-06-01", "projected": true},
        {"cycle": "26", "release": "2026-04-21", "eol": "2029-04-30", "lts": "2026-10-27", "projected": true},
        {"cycle": "25", "release": "2025-10-15", "eol": "2026-06-01", "projected": true},
        {"cycle": "24", "release": "2025-05-06", "eol": "2028-04-30", "lts": "2025-10-28", "codename": "krypton"},
        {"cycle": "23", "release": "2024-10-16", "eol": "2025-06-01"},
        {"cycle": "22", "release": "2024-04-24", "eol": "2027-04-30", "lts": "2024-10-29", "codename": "jod"},
        {"cycle": "21", "release": "2023-10-17", "eol": "2024-06-01"},
        {"cycle": "20", "release": "2023-04-18", "eol": "2026-04-30", "lts": "2023-10-24", "codename": "iron"},
        {"cycle": "19", "release": "2022-10-18", "eol": "2023-06-01"},
        {"cycle": "18", "release": "2022-04-19", "eol": "2025-04-30", "lts": "2022-10-25", "codename": "hydrogen"},
        {"cycle": "17", "release": "2021-10-19", "eol": "2022-06-01"},
        {"cycle": "16", "release": "2021-04-20", "eol": "2023-09-11", "lts": "2021-10-26", "codename": "gallium"},
        {"cycle": "15", "release": "2020-10-20", "eol": "2021-06-01"},
        {"cycle": "14", "release": "2020-04-21", "eol": "2023-04-30", "lts": "2020-10-27", "codename": "fermium"},
        {"cycle": "13", "release": "2019-10-22", "eol": "2020-06-01"},
        {"cycle": "12", "release": "2019-04-23", "eol": "2022-04-30", "lts": "2019-10-21", "codename": "erbium"},
        {"cycle": "11", "release": "2018-10-23", "eol": "2019-06-01"},
        {"cycle": "10", "release": "2018-04-24", "eol": "2021-04-30", "lts": "2018-10-30", "codename": "dubnium"},
        {"cycle": "9", "release": "2017-10-31", "eol": "2018-06-30"},
        {"cycle": "8", "release": "2017-05-30", "eol": "2019-12-31", "lts": "2017-10-31", "codename": "carbon"},
        {"cycle": "7", "release": "2016-10-25", "eol": "2017-06-30"},
        {"cycle": "6", "release": "2016-04-26", "eol": "2019-04-30", "lts": "2016-10-18", "codename": "boron"},
        {"cycle": "5", "release": "2015-10-29", "eol": "2016-06-30"},
        {"cycle": "4", "release": "2015-09-08", "eol": "2018-04-30", "lts": "2015-10-12", "codename": "argon"}
      ]
    },
    "python": {
      "images": ["python"],
      "endoflife": "python",
      "source": "https://endoflife.date/api/python.json; upstream https://devguide.python.org/versions/ (PEP 602 annual cycle)",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "3.15", "release": "2026-10-01", "eol": "2031-10-31", "projected": true},
        {"cycle": "3.14", "release": "2025-10-07", "eol": "2030-10-31"},
        {"cycle": "3.13", "release": "2024-10-07", "eol": "2029-10-31"},
        {"cycle": "3.12", "release": "2023-10-02", "eol": "2028-10-31"},
        {"cycle": "3.11", "release": "2022-10-24", "eol": "2027-10-31"},
        {"cycle": "3.10", "release": "2021-10-04", "eol": "2026-10-31"},
        {"cycle": "3.9", "release": "2020-10-05", "eol": "2025-10-31"},
        {"cycle": "3.8", "release": "2019-10-14", "eol": "2024-10-07"},
        {"cycle": "3.7", "release": "2018-06-27", "eol": "2023-06-27"},
        {"cycle": "3.6", "release": "2016-12-23", "eol": "2021-12-23"},
        {"cycle": "3.5", "release": "2015-09-13", "eol": "2020-09-30"},
        {"cycle": "3.4", "release": "2014-03-16", "eol": "2019-03-18"},
        {"cycle": "2.7", "release": "2010-07-03", "eol": "2020-01-01"}
      ]
    },
    "golang": {
      "images": ["golang"],
      "endoflife": "go",
      "source": "https://endoflife.date/api/go.json; policy https://go.dev/doc/devel/release#policy (a release is supported until two newer major releases exist)",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "1.27", "release": "2026-08-11", "eol": "2027-08-10", "projected": true},
        {"cycle": "1.26", "release": "2026-02-10", "eol": "2027-02-09", "projected": true},
        {"cycle": "1.25", "release": "2025-08-12", "eol": "2026-08-11", "projected": true},
        {"cycle": "1.24", "release": "2025-02-11", "eol": "2026-02-10", "projected": true},
        {"cycle": "1.23", "release": "2024-08-13", "eol": "2025-08-12"},
        {"cycle": "1.22", "release": "2024-02-06", "eol": "2025-02-11"},
        {"cycle": "1.21", "release": "2023-08-08", "eol": "2024-08-13"},
        {"cycle": "1.20", "release": "2023-02-01", "eol": "2024-02-06"},
        {"cycle": "1.19", "release": "2022-08-02", "eol": "2023-08-08"},
        {"cycle": "1.18", "release": "2022-03-15", "eol": "2023-02-01"},
        {"cycle": "1.17", "release": "2021-08-16", "eol": "2022-08-02"},
        {"cycle": "1.16", "release": "2021-02-16", "eol": "2022-03-15"},
        {"cycle": "1.15", "release": "2020-08-11", "eol": "2021-08-16"},
        {"cycle": "1.14", "release": "2020-02-25", "eol": "2021-02-16"},
        {"cycle": "1.13", "release": "2019-09-03", "eol": "2020-08-11"},
        {"cycle": "1.12", "release": "2019-02-25", "eol": "2020-02-25"},
        {"cycle": "1.11", "release": "2018-08-24", "eol": "2019-09-03"},
        {"cycle": "1.10", "release": "2018-02-16", "eol": "2019-02-25"}
      ]
    },
    "eclipse-temurin": {
      "images": ["eclipse-temurin"],
      "endoflife": "eclipse-temurin",
      "source": "https://endoflife.date/api/eclipse-temurin.json; upstream https://adoptium.net/support/ (Temurin support roadmap)",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "27", "release": "2026-09-15", "eol": "2027-03-31", "projected": true},
        {"cycle": "26", "release": "2026-03-17", "eol": "2026-09-30", "projected": true},
        {"cycle": "25", "release": "2025-09-16", "eol": "2031-09-30", "lts": true, "projected": true},
        {"cycle": "24", "release": "2025-03-18", "eol": "2025-09-30"},
        {"cycle": "23", "release": "2024-09-17", "eol": "2025-03-31"},
        {"cycle": "22", "release": "2024-03-19", "eol": "2024-09-30"},
        {"cycle": "21", "release": "2023-09-19", "eol": "2029-12-31", "lts": true},
        {"cycle": "20", "release": "2023-03-21", "eol": "2023-09-30"},
        {"cycle": "19", "release": "2022-09-20", "eol": "2023-03-31"},
        {"cycle": "18", "release": "2022-03-22", "eol": "2022-09-30"},
        {"cycle": "17", "release": "2021-09-14", "eol": "2027-10-31", "lts": true},
        {"cycle": "16", "release": "2021-03-16", "eol": "2021-09-30"},
        {"cycle": "11", "release": "2020-10-20", "eol": "2027-10-31", "lts": true},
        {"cycle": "8", "release": "2020-07-14", "eol": "2030-12-31", "lts": true}
      ]
    },
    "openjdk": {
      "images": ["openjdk"],
      "endoflife": null,
      "source": "Docker Official Image deprecation notice https://hub.docker.com/_/openjdk: general-availability tags stopped receiving updates in July 2022; only early-access tags of the next release are published, and each stops at that release's GA date. Not on endoflife.date (kept as is by scripts/refresh-eol.mjs).",
      "retrieved": "2026-11-24",
      "method": "offline",
      "replacement": "eclipse-temurin",
      "cycles": [
        {"cycle": "28", "release": "2026-09-15", "eol": "2027-03-16", "projected": true},
        {"cycle": "27", "release": "2026-03-17", "eol": "2026-09-15", "projected": true},
        {"cycle": "26", "release": "2025-09-16", "eol": "2026-03-17", "projected": true},
        {"cycle": "25", "release": "2025-03-18", "eol": "2025-09-16"},
        {"cycle": "24", "release": "2024-09-17", "eol": "2025-03-18"},
        {"cycle": "23", "release": "2024-03-19", "eol": "2024-09-17"},
        {"cycle": "22", "release": "2023-09-19", "eol": "2024-03-19"},
        {"cycle": "21", "release": "2023-03-21", "eol": "2023-09-19"},
        {"cycle": "20", "release": "2022-09-20", "eol": "2023-03-21"},
        {"cycle": "19", "release": "2022-03-22", "eol": "2022-09-20"},
        {"cycle": "18", "release": "2022-03-22", "eol": "2022-07-31"},
        {"cycle": "17", "release": "2021-09-14", "eol": "2022-07-31"},
        {"cycle": "16", "release": "2021-03-16", "eol": "2021-09-14"},
        {"cycle": "15", "release": "2020-09-15", "eol": "2021-03-16"},
        {"cycle": "14", "release": "2020-03-17", "eol": "2020-09-15"},
        {"cycle": "13", "release": "2019-09-17", "eol": "2020-03-17"},
        {"cycle": "12", "release": "2019-03-19", "eol": "2019-09-17"},
        {"cycle": "11", "release": "2018-09-25", "eol": "2022-07-31"},
        {"cycle": "10", "release": "2018-03-20", "eol": "2018-09-25"},
        {"cycle": "9", "release": "2017-09-21", "eol": "2018-03-20"},
        {"cycle": "8", "release": "2014-03-18", "eol": "2022-07-31"},
        {"cycle": "7", "release": "2011-07-28", "eol": "2022-07-31"},
        {"cycle": "6", "release": "2006-12-11", "eol": "2017-01-01"}
      ]
    },
    "debian": {
      "images": ["debian"],
      "endoflife": "debian",
      "source": "https://endoflife.date/api/debian.json (the later of `eol` and `extendedSupport`: the official images keep publishing during Debian LTS); upstream https://wiki.debian.org/LTS",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "13", "release": "2025-08-09", "eol": "2030-06-30", "codename": "trixie", "projected": true},
        {"cycle": "12", "release": "2023-06-10", "eol": "2028-06-30", "codename": "bookworm"},
        {"cycle": "11", "release": "2021-08-14", "eol": "2026-08-31", "codename": "bullseye"},
        {"cycle": "10", "release": "2019-07-06", "eol": "2024-06-30", "codename": "buster"},
        {"cycle": "9", "release": "2017-06-17", "eol": "2022-06-30", "codename": "stretch"},
        {"cycle": "8", "release": "2015-04-25", "eol": "2020-06-30", "codename": "jessie"},
        {"cycle": "7", "release": "2013-05-04", "eol": "2018-05-31", "codename": "wheezy"}
      ]
    },
    "ubuntu": {
      "images": ["ubuntu"],
      "endoflife": "ubuntu",
      "source": "https://endoflife.date/api/ubuntu.json (`eol` = end of standard support; Expanded Security Maintenance needs Ubuntu Pro and is not in the public images); upstream https://ubuntu.com/about/release-cycle",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "26.10", "release": "2026-10-15", "eol": "2027-07-15", "projected": true},
        {"cycle": "26.04", "release": "2026-04-23", "eol": "2031-05-31", "lts": true, "projected": true},
        {"cycle": "25.10", "release": "2025-10-09", "eol": "2026-07-09", "codename": "questing", "projected": true},
        {"cycle": "25.04", "release": "2025-04-17", "eol": "2026-01-15", "codename": "plucky"},
        {"cycle": "24.10", "release": "2024-10-10", "eol": "2025-07-10", "codename": "oracular"},
        {"cycle": "24.04", "release": "2024-04-25", "eol": "2029-05-31", "lts": true, "codename": "noble"},
        {"cycle": "23.10", "release": "2023-10-12", "eol": "2024-07-11", "codename": "mantic"},
        {"cycle": "23.04", "release": "2023-04-20", "eol": "2024-01-25", "codename": "lunar"},
        {"cycle": "22.10", "release": "2022-10-20", "eol": "2023-07-20", "codename": "kinetic"},
        {"cycle": "22.04", "release": "2022-04-21", "eol": "2027-06-01", "lts": true, "codename": "jammy"},
        {"cycle": "21.10", "release": "2021-10-14", "eol": "2022-07-14", "codename": "impish"},
        {"cycle": "21.04", "release": "2021-04-22", "eol": "2022-01-20", "codename": "hirsute"},
        {"cycle": "20.10", "release": "2020-10-22", "eol": "2021-07-22", "codename": "groovy"},
        {"cycle": "20.04", "release": "2020-04-23", "eol": "2025-05-31", "lts": true, "codename": "focal"},
        {"cycle": "18.04", "release": "2018-04-26", "eol": "2023-05-31", "lts": true, "codename": "bionic"},
        {"cycle": "16.04", "release": "2016-04-21", "eol": "2021-04-30", "lts": true, "codename": "xenial"},
        {"cycle": "14.04", "release": "2014-04-17", "eol": "2019-04-25", "lts": true, "codename": "trusty"}
      ]
    },
    "alpine": {
      "images": ["alpine"],
      "endoflife": "alpine",
      "source": "https://endoflife.date/api/alpine.json; upstream https://alpinelinux.org/releases/ (each branch is supported for two years)",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "3.24", "release": "2026-05-15", "eol": "2028-05-01", "projected": true},
        {"cycle": "3.23", "release": "2025-12-03", "eol": "2027-11-01", "projected": true},
        {"cycle": "3.22", "release": "2025-05-30", "eol": "2027-05-01"},
        {"cycle": "3.21", "release": "2024-12-05", "eol": "2026-11-01"},
        {"cycle": "3.20", "release": "2024-05-22", "eol": "2026-04-01"},
        {"cycle": "3.19", "release": "2023-12-07", "eol": "2025-11-01"},
        {"cycle": "3.18", "release": "2023-05-09", "eol": "2025-05-09"},
        {"cycle": "3.17", "release": "2022-11-22", "eol": "2024-11-22"},
        {"cycle": "3.16", "release": "2022-05-23", "eol": "2024-05-23"},
        {"cycle": "3.15", "release": "2021-11-24", "eol": "2023-11-01"},
        {"cycle": "3.14", "release": "2021-06-15", "eol": "2023-05-01"},
        {"cycle": "3.13", "release": "2021-01-14", "eol": "2022-11-01"},
        {"cycle": "3.12", "release": "2020-05-29", "eol": "2022-05-01"},
        {"cycle": "3.11", "release": "2019-12-19", "eol": "2021-11-01"},
        {"cycle": "3.10", "release": "2019-06-19", "eol": "2021-05-01"},
        {"cycle": "3.9", "release": "2019-01-29", "eol": "2020-11-01"},
        {"cycle": "3.8", "release": "2018-06-26", "eol": "2020-05-01"}
      ]
    },
    "php": {
      "images": ["php"],
      "endoflife": "php",
      "source": "https://endoflife.date/api/php.json; upstream https://www.php.net/supported-versions.php",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "8.5", "release": "2025-11-20", "eol": "2029-12-31", "projected": true},
        {"cycle": "8.4", "release": "2024-11-21", "eol": "2028-12-31"},
        {"cycle": "8.3", "release": "2023-11-23", "eol": "2027-12-31"},
        {"cycle": "8.2", "release": "2022-12-08", "eol": "2026-12-31"},
        {"cycle": "8.1", "release": "2021-11-25", "eol": "2025-12-31"},
        {"cycle": "8.0", "release": "2020-11-26", "eol": "2023-11-26"},
        {"cycle": "7.4", "release": "2019-11-28", "eol": "2022-11-28"},
        {"cycle": "7.3", "release": "2018-12-06", "eol": "2021-12-06"},
        {"cycle": "7.2", "release": "2017-11-30", "eol": "2020-11-30"},
        {"cycle": "7.1", "release": "2016-12-01", "eol": "2019-12-01"},
        {"cycle": "7.0", "release": "2015-12-03", "eol": "2019-01-10"},
        {"cycle": "5.6", "release": "2014-08-28", "eol": "2018-12-31"}
      ]
    },
    "ruby": {
      "images": ["ruby"],
      "endoflife": "ruby",
      "source": "https://endoflife.date/api/ruby.json; upstream https://www.ruby-lang.org/en/downloads/branches/",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "3.4", "release": "2024-12-25", "eol": "2028-03-31"},
        {"cycle": "3.3", "release": "2023-12-25", "eol": "2027-03-31"},
        {"cycle": "3.2", "release": "2022-12-25", "eol": "2026-03-31"},
        {"cycle": "3.1", "release": "2021-12-25", "eol": "2025-03-26"},
        {"cycle": "3.0", "release": "2020-12-25", "eol": "2024-04-23"},
        {"cycle": "2.7", "release": "2019-12-25", "eol": "2023-03-31"},
        {"cycle": "2.6", "release": "2018-12-25", "eol": "2022-04-12"},
        {"cycle": "2.5", "release": "2017-12-25", "eol": "2021-04-05"},
        {"cycle": "2.4", "release": "2016-12-25", "eol": "2020-03-31"}
      ]
    },
    "nginx": {
      "images": ["nginx"],
      "endoflife": "nginx",
      "source": "https://endoflife.date/api/nginx.json; upstream https://nginx.org/en/download.html (a stable branch is supported until the next one, about a year; a mainline branch until the next stable)",
      "retrieved": "2026-11-24",
      "method": "offline",
      "cycles": [
        {"cycle": "1.31", "release": "2026-05-20", "eol": "2027-04-20", "projected": true},
        {"cycle": "1.30", "release": "2026-04-14", "eol": "2027-04-20", "projected": true},
        {"cycle": "1.29", "release": "2025-06-24", "eol": "2026-04-14", "projected": true},
        {"cycle": "1.28", "release": "2025-04-23", "eol": "2026-04-14", "projected": true},
        {"cycle": "1.27", "release": "2024-05-29", "eol": "2025-04-23"},
        {"cycle": "1.26", "release": "2024-04-23", "eol": "2025-04-23"},
        {"cycle": "1.25", "release": "2023-05-23", "eol": "2024-04-23"},
        {"cycle": "1.24", "release": "2023-04-11", "eol": "2024-04-23"},
        {"cycle": "1.23", "release": "2022-06-21", "eol": "2023-04-11"},
        {"cycle": "1.22", "release": "2022-05-24", "eol": "2023-04-11"},
        {"cycle": "1.21", "release": "2021-05-25", "eol": "2022-05-24"},
        {"cycle": "1.20", "release": "2021-04-20", "eol": "2022-05-24"},
        {"cycle": "1.19", "release": "2020-05-26", "eol": "2021-04-20"},
        {"cycle": "1.18", "release": "2020-04-21", "eol": "2021-04-20"}
      ]
    }
  }
};
// </eol-data>

export default data;
