package law_test

import (
	"fmt"
	"time"

	"github.com/actionhub/actionhub/domain/law"
)

// A 14-year-old found at a Multan tannery on 10 March 2026: the case keeps
// the Punjab pack in force that day.
func ExampleClassify() {
	found := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	pack, err := law.PackFor(law.Punjab, found)
	if err != nil {
		panic(err)
	}
	r := law.Classify(pack, law.Situation{
		AgeYears: 14,
		Sector:   "leather_tanning",
		Tasks:    []law.Task{{Code: "leather_tanning.liming"}},
		Days:     []law.Day{{Shifts: []law.Shift{{Start: law.At(8, 0), End: law.At(14, 0)}}}},
		Debt:     &law.Debt{AmountPKR: 25000, RepaidByWork: true},
	})
	fmt.Println(pack.ID(), r.Class, r.Applies)
	for _, s := range r.Reasons {
		fmt.Println("-", s)
	}
	for _, id := range r.Provisions {
		p, _ := pack.Provision(id)
		if p.Penalty == "" {
			p.Penalty = "not given in the reference"
		}
		fmt.Printf("%s: %s. Penalty: %s\n", id, p.Citation(), p.Penalty)
	}
	// Output:
	// punjab/1 bonded_labour [bonded_labour hazardous_child_labour]
	// - An advance of PKR 25,000 is owed and the work repays it: this is bonded labour, and the advance (peshgi) is void.
	// - At 14 the person is a child under the Punjab Restriction on Employment of Children Act 2016 (under 15) and is in hazardous work: work in leather tanning (every leather-tanning process: on the Schedule). This is a worst form of child labour.
	// punjab.bonded_labour: Bonded Labour System (Abolition) Act 1992, with the Punjab amendments. Penalty: not given in the reference
	// punjab.child_employment: Punjab Restriction on Employment of Children Act 2016. Penalty: 7 days to 6 months and PKR 10,000 to 50,000; an inspector may seal the premises for 7 days.
	// punjab.hazardous_work: Punjab Restriction on Employment of Children Act 2016, Schedule. Penalty: 7 days to 6 months and PKR 10,000 to 50,000; an inspector may seal the premises for 7 days.
}
