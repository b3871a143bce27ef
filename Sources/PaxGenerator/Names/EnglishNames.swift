/// English-language names (United States, United Kingdom, Canada, Australia, ...).
enum EnglishNames {
    static let corpus = NameCorpus(
        male: ["JAMES", "JOHN", "ROBERT", "MICHAEL", "WILLIAM", "DAVID", "RICHARD", "JOSEPH", "THOMAS", "CHARLES",
               "CHRISTOPHER", "DANIEL", "MATTHEW", "ANTHONY", "MARK", "DONALD", "STEVEN", "PAUL", "ANDREW", "JOSHUA",
               "KENNETH", "KEVIN", "BRIAN", "GEORGE", "TIMOTHY", "RONALD", "EDWARD", "JASON", "JEFFREY", "RYAN",
               "JACOB", "GARY", "NICHOLAS", "ERIC", "JONATHAN", "STEPHEN", "LARRY", "JUSTIN", "SCOTT", "BRANDON",
               "BENJAMIN", "SAMUEL", "PATRICK", "ALEXANDER", "JACK", "DENNIS", "TYLER", "AARON", "HENRY", "OLIVER",
               "LIAM", "NOAH", "ETHAN", "LUCAS", "MASON", "LOGAN", "CONNOR", "DYLAN", "NATHAN", "CALEB"],
        female: ["MARY", "PATRICIA", "JENNIFER", "LINDA", "ELIZABETH", "BARBARA", "SUSAN", "JESSICA", "SARAH", "KAREN",
                 "LISA", "NANCY", "BETTY", "MARGARET", "SANDRA", "ASHLEY", "KIMBERLY", "EMILY", "DONNA", "MICHELLE",
                 "CAROL", "AMANDA", "MELISSA", "DEBORAH", "STEPHANIE", "REBECCA", "SHARON", "LAURA", "CYNTHIA", "KATHLEEN",
                 "AMY", "ANGELA", "SHIRLEY", "ANNA", "BRENDA", "PAMELA", "EMMA", "NICOLE", "HELEN", "SAMANTHA",
                 "KATHERINE", "CHRISTINE", "RACHEL", "CATHERINE", "OLIVIA", "AVA", "CHARLOTTE", "AMELIA", "HARPER", "EVELYN",
                 "ABIGAIL", "GRACE", "CHLOE", "VICTORIA", "MADISON", "LILY", "HANNAH", "ZOE", "AUDREY", "CLAIRE"],
        surnames: ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "WILSON", "ANDERSON", "TAYLOR",
                   "THOMAS", "MOORE", "JACKSON", "MARTIN", "LEE", "THOMPSON", "WHITE", "HARRIS", "CLARK", "LEWIS",
                   "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "HILL", "GREEN", "ADAMS",
                   "BAKER", "NELSON", "CARTER", "MITCHELL", "ROBERTS", "TURNER", "PHILLIPS", "CAMPBELL", "PARKER", "EVANS",
                   "EDWARDS", "COLLINS", "STEWART", "MORRIS", "MURPHY", "COOK", "ROGERS", "MORGAN", "COOPER", "PETERSON",
                   "O'CONNOR", "O'BRIEN", "MCDONALD", "MACKENZIE", "FITZGERALD", "SULLIVAN", "KELLY", "HUGHES", "PRICE", "BENNETT",
                   "WOOD", "BARNES", "ROSS", "HENDERSON", "COLEMAN", "JENKINS", "PERRY", "POWELL", "LONG", "PATTERSON",
                   "WALSH", "DOYLE", "BYRNE", "OKAFOR", "ADEYEMI", "OKONKWO", "MWANGI", "OTIENO", "NDLOVU", "VAN WYK"])
}
