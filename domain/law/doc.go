// Package law holds the child labour and bonded labour law of each
// jurisdiction as versioned rule packs, and classifies a child's or young
// worker's work situation under a pack.
//
// Every figure in a pack comes from the shared domain reference ("Child labour
// law by province (rule packs)"): the age under which a person is a child, the
// adolescent range, adolescents' hour limits, the hazardous work a pack lists,
// compulsory schooling ages (Article 25-A: 5 to 16) and the provisions with
// their penalties. Where the reference gives no figure (a section number, a
// penalty, Khyber Pakhtunkhwa's hours, the Sindh and Khyber Pakhtunkhwa
// Schedules) the pack leaves it empty and says so in its Notes; nothing is
// filled in from elsewhere.
//
// Packs are embedded JSON files (packs/*.json), one per jurisdiction and
// version, so the product side can review them; Load checks them when the
// program starts. Hazardous lists are reviewed every two years, so packs carry
// effective dates and a case keeps the pack in force on its identification
// date (PackFor).
//
// Everything here is pure: no storage, no clock, no I/O beyond the embedded
// files.
package law
