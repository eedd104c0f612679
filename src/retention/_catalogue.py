"""The rule catalogue as declarative data.

Each entry restates one rule of the specification (``RULES.md``) in our own words. A row is a
tuple ``(id, title, seeds, module, summary)``: the stable rule ID, a short title, the seed texts
the rule comes from, the module that implements it, and a one- or two-sentence summary that
includes the library's defaults where the specification records a decision. The rows follow
the order of ``RULES.md``.

This module holds data only; ``retention.rules`` turns the rows into ``Rule`` values.
"""

from __future__ import annotations

#: (rule ID, short title, seed file names, home module, summary in our own words)
CATALOGUE: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    # -- Segmentation ---------------------------------------------------------------------------
    (
        "SEG-ABC",
        "ABC classes by spend",
        ("004_caf426cda91e9e10.txt",),
        "retention.segmentation",
        (
            "Rank customers by spend into A (few, big spenders), C (many, small spenders) and B "
            "between them. By default the cut follows cumulative share of spend, 80/15/5 for "
            "A/B/C, with a count-based cut (such as 20/30/50 of customers) as the alternative "
            "policy; customers with equal spend always land in the same class."
        ),
    ),
    (
        "SEG-FOCUS",
        "Management focus by class",
        ("004_caf426cda91e9e10.txt",),
        "retention.segmentation",
        (
            "Put A customers first, look after B customers, and serve C customers as cheaply as "
            "possible. Whenever capacity runs short, this order decides who is served first."
        ),
    ),
    (
        "SEG-ATTITUDE",
        "Segments by brand attitude",
        ("004_caf426cda91e9e10.txt",),
        "retention.segmentation",
        (
            "Sort customers into loyal (early adopters included), brand switchers and customers "
            "with no brand loyalty. The library infers the group from the sequence of brands or "
            "stores bought, with tunable thresholds, or takes a surveyed attitude when the host "
            "has one, and reports which kind of evidence settled it when the two disagree."
        ),
    ),
    (
        "SEG-EARLY",
        "Early adopters",
        ("001_b44cee94f9de467c.txt", "004_caf426cda91e9e10.txt"),
        "retention.segmentation",
        (
            "An early adopter is one of the first to buy a new product; by default, someone who "
            "bought it within 30 days of its launch. Early adopters carry their own flag and are "
            "treated as loyal when focus is decided."
        ),
    ),
    (
        "SEG-SERIES",
        "Customer series index",
        ("004_caf426cda91e9e10.txt",),
        "retention.segmentation",
        (
            "Measure how far a customer base consists of loyal customers, early adopters or "
            "A-class customers; a high degree reflects a good store image and pulls in switchers "
            "and customers without loyalty. The library expresses it as an index from 0 to 1."
        ),
    ),
    (
        "SEG-TEMPER",
        "Five customer temperaments",
        ("001_b44cee94f9de467c.txt",),
        "retention.segmentation",
        (
            "Recognise five temperaments and handle each its own way: irritable (warmth, patience "
            "and a quick clear answer), dependent (guidance and advisory suggestions), picky "
            "(patience, several options and a convincing reply to every objection), experimenting "
            "(patient guidance for these hard-to-win first buyers) and rational (plain facts and "
            "friendly, reasoned persuasion)."
        ),
    ),
    (
        "SEG-MOTIVE",
        "Purchase motives",
        ("001_b44cee94f9de467c.txt",),
        "retention.segmentation",
        (
            "Customers buy out of motives such as beauty, low price, novelty, prestige, "
            "practicality, keeping up with peers, following the crowd, curiosity and habit or "
            "hobby. Which motives matter differs with gender and with customer type."
        ),
    ),
    # -- Cadence: the contact plan --------------------------------------------------------------
    (
        "CAD-DOOR",
        "Walk customers to the door",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "When a returning customer pays, a staff member sees them out to the door right then, "
            "and later also customers who were served but bought nothing. On the way out, staff "
            "ask them to come back often and to bring friends."
        ),
    ),
    (
        "CAD-GREET",
        "Greeting after purchase",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "Send a greeting within 2 days of a purchase that nudges the customer to start using "
            "the product or to return for the next treatment."
        ),
    ),
    (
        "CAD-SURVEY",
        "Usage survey after a week",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "About 1 week after a purchase, send a message asking whether the customer is using "
            "the product and how it feels."
        ),
    ),
    (
        "CAD-KEEP",
        "Regular keep-in-touch contact",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "Stay in touch often enough that the relationship does not fade but not so often that "
            "it annoys: public holidays are the preferred moments, and without a holiday about "
            "once a month. Messages carry tips, new products, care advice, everyday information "
            "or holiday wishes."
        ),
    ),
    (
        "CAD-INVITE",
        "Invite old customers",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "A new product, a promotion or a visiting expert is a reason to invite past customers "
            "back by message; customers with a close relationship get a personal phone call."
        ),
    ),
    (
        "CAD-CAPACITY",
        "Respect staff capacity",
        ("000_42c37d84cf7250bb.txt",),
        "retention.cadence",
        (
            "Customer service must not wear out the team, as an overloaded team loses its key "
            "people. A contact plan keeps each staff member within a daily capacity and reports "
            "any task that does not fit instead of silently dropping it."
        ),
    ),
    (
        "CAD-CAP",
        "Contact frequency cap",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "By default a customer receives at most 4 non-transactional contacts in any rolling "
            "30 days and at most 1 per day, and no marketing at all after opting out. Service "
            "contacts such as complaint follow-ups bypass the cap but still honour a channel "
            "opt-out."
        ),
    ),
    (
        "CAD-CLUB",
        "Club and frequent-customer rewards",
        ("001_b44cee94f9de467c.txt",),
        "retention.cadence",
        (
            "Use a club to stay in close contact, and reward frequent customers in the manner of "
            "a frequent-flyer programme so that their loyalty pays off for them."
        ),
    ),
    (
        "CAD-WORKDAY",
        "Staff tasks on working days",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.cadence",
        (
            "The library schedules staff tasks such as calls and walk-outs only on the store's "
            "working days, while messages may go out on holidays, which is when CAD-KEEP wants "
            "them."
        ),
    ),
    # -- Complaints -----------------------------------------------------------------------------
    (
        "CMP-NOW",
        "Handle complaints at once",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "Deal with a complaint straight away, since its handling directly affects the store's "
            "reputation and sales. The library sets a service level with a deadline for the first "
            "response and one for resolution, both counted in the store's working time."
        ),
    ),
    (
        "CMP-CAUSE",
        "Find the true cause",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "Before fixing anything, establish the real cause of the complaint: unmet "
            "expectations, a product quality problem, or the service given by staff."
        ),
    ),
    (
        "CMP-STEPS",
        "Six complaint-handling steps",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "Handle a complaint in six ordered steps: listen and accept the criticism sincerely, "
            "apologise and calm the customer, ask carefully to find the root of the "
            "dissatisfaction, quickly propose a fix that restores trust, contact the customer "
            "again afterwards with a second apology, and record the case in detail for lessons."
        ),
    ),
    (
        "CMP-CHOICE",
        "Offer the customer choices",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "See the complaint from the customer's side and let them choose between options "
            "rather than imposing one."
        ),
    ),
    (
        "CMP-PROMISE",
        "Keep promises",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "Make promises in good faith and honour them; each promise carries a due date and "
            "ends up either kept or broken."
        ),
    ),
    (
        "CMP-COMPENSATE",
        "Compensation within authority",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "Offer suitable compensation within the limits of one's authority. In the library each "
            "role has a compensation limit, and a larger amount needs approval from a role whose "
            "limit covers it."
        ),
    ),
    (
        "CMP-REMEDY",
        "Complaint remedies",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "The available remedies are a smile, humour, avoiding negative remarks, a small gift, "
            "after-sales service (repair, replacement or refund, packaging, keeping receipts, "
            "safety, easy carrying), delivery, and punctual, polite installation that the store "
            "provides free when the maker does not."
        ),
    ),
    (
        "CMP-LESSON",
        "Learn from complaint records",
        ("004_caf426cda91e9e10.txt",),
        "retention.complaints",
        (
            "The records kept in the last handling step are used for learning: tallying causes "
            "across many complaints shows where the store keeps falling short."
        ),
    ),
    # -- Satisfaction and loyalty ---------------------------------------------------------------
    (
        "SAT-GAP",
        "Experience against expectation",
        ("001_b44cee94f9de467c.txt", "004_caf426cda91e9e10.txt"),
        "retention.satisfaction",
        (
            "Satisfaction depends on how actual experience compares with expectation; although "
            "the seed writes it as a sum, the library takes the usual disconfirmation view that "
            "satisfaction grows with experience minus expectation. Service standards should be "
            "attractive without over-promising, so that no such gap opens."
        ),
    ),
    (
        "SAT-VETO",
        "One failure vetoes all",
        ("002_a539761691702236.txt",),
        "retention.satisfaction",
        (
            "Under the 100 - 1 = 0 principle, a customer unhappy with any single item rejects the "
            "whole company rather than docking one point. The library reports an overall score "
            "where one failing item caps the total, alongside the plain average."
        ),
    ),
    (
        "SAT-WOM",
        "Word-of-mouth reach",
        ("001_b44cee94f9de467c.txt",),
        "retention.satisfaction",
        (
            "Each satisfied customer tells 6 people and each dissatisfied one tells 15. The "
            "library turns this into a word-of-mouth reach figure for a customer base."
        ),
    ),
    (
        "SAT-LOYALTY",
        "Satisfaction is not loyalty",
        ("001_b44cee94f9de467c.txt",),
        "retention.satisfaction",
        (
            "Satisfaction is needed for loyalty but does not guarantee it: 85 % of satisfied "
            "customers would move to a competitor, satisfaction barely shifts loyalty in "
            "near-monopoly markets, and under strong competition only fully satisfied customers "
            "are markedly more loyal. The library models expected loyalty from satisfaction and "
            "competition intensity."
        ),
    ),
    (
        "SAT-LEVERS",
        "Levers from satisfaction to loyalty",
        ("001_b44cee94f9de467c.txt",),
        "retention.satisfaction",
        (
            "Five levers turn satisfied customers into loyal ones: value nobody else offers, close "
            "contact such as a club, a direct or indirect price advantage, rewards for frequent "
            "customers, and service capacity that stays ahead of demand."
        ),
    ),
    (
        "SAT-SURVEY",
        "Measure satisfaction fairly",
        ("001_b44cee94f9de467c.txt",),
        "retention.satisfaction",
        (
            "Measure satisfaction regularly through channels such as a call centre, forms, "
            "follow-up calls, customer meetings, mystery shoppers and lost-customer analysis, "
            "ideally by a neutral third party, since staff tend to favour important customers. "
            "The library weights each segment by its share of customers rather than by who "
            "answered, and reports how many answers support each score."
        ),
    ),
    (
        "SAT-DELIGHT",
        "Ways to satisfy customers",
        ("001_b44cee94f9de467c.txt",),
        "retention.satisfaction",
        (
            "Customers are satisfied by complete, high-quality service, a consistent and fair "
            "service system, standards that attract honestly, and an unexpected pleasant surprise."
        ),
    ),
    (
        "SAT-EXPERIENCE",
        "Experience drives return",
        ("002_a539761691702236.txt",),
        "retention.satisfaction",
        (
            "Experience alone decides whether customers come back; prospects who have shown "
            "interest also count as customers, and each customer should be treated as an "
            "individual rather than identically."
        ),
    ),
    # -- Churn ----------------------------------------------------------------------------------
    (
        "CHURN-REASONS",
        "Why customers leave",
        ("003_17deaa0b26a918ec.txt",),
        "retention.churn",
        (
            "Customers leave for four reasons: a rival undercut the price of an easily copied "
            "offer (answered by personalising it), service was poor, product quality slipped, or "
            "their needs moved on, which calls for looking one or two years ahead."
        ),
    ),
    (
        "CHURN-NOSURPRISE",
        "No surprise defections",
        ("003_17deaa0b26a918ec.txt",),
        "retention.churn",
        (
            "A customer's departure should never come as a surprise. The library raises an early "
            "warning when a customer is overdue relative to their own buying rhythm and suggests "
            "the likely reason from their complaints and satisfaction."
        ),
    ),
    (
        "CHURN-WINBACK",
        "Win back old customers",
        ("000_42c37d84cf7250bb.txt", "003_17deaa0b26a918ec.txt"),
        "retention.churn",
        (
            "Bringing a former customer back, with just a message or a call, costs far less than "
            "acquiring a new one."
        ),
    ),
)
