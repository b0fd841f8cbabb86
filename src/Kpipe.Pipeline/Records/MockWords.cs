namespace Kpipe.Pipeline.Records;

/// <summary>The word lists behind <see cref="MockDataGenerator"/>; changing any of them changes every generated file.</summary>
internal static class MockWords
{
    public static readonly string[] FirstNames =
    [
        "Abigail", "Adrian", "Agnes", "Alaric", "Alma", "Ambrose", "Anneliese", "Arlo", "Astrid", "Barnaby",
        "Beatrix", "Bertram", "Blythe", "Cassius", "Celeste", "Cormac", "Dagny", "Darius", "Delphine", "Desmond",
        "Edith", "Elias", "Elowen", "Emeric", "Esme", "Fabian", "Fenella", "Florian", "Greer", "Gideon",
        "Hattie", "Hollis", "Ida", "Ignatius", "Imogen", "Ines", "Jasper", "Juno", "Kasimir", "Keziah",
        "Leopold", "Linnea", "Lorcan", "Lucinda", "Magnus", "Marisol", "Matthias", "Minerva", "Nadia", "Niall",
        "Odette", "Orson", "Ottilie", "Percival", "Philippa", "Quentin", "Rosalind", "Rufus", "Sabine", "Silas",
        "Solveig", "Tamsin", "Thaddeus", "Theodora", "Ulric", "Ursula", "Valentin", "Verity", "Wendell", "Wilhelmina",
        "Xavier", "Yara", "Yusuf", "Zelda", "Zoltan", "Mireille", "Casimir", "Oona", "Benedikt", "Leocadia",
    ];

    public static readonly string[] LastNames =
    [
        "Abernathy", "Achterberg", "Ballantyne", "Barrowclough", "Beaumont", "Birkeland", "Blackwood", "Brannigan",
        "Castellanos", "Cavendish", "Crabtree", "Dalgleish", "Delacroix", "Dunmore", "Eckhardt", "Ellingham",
        "Fairweather", "Falkenberg", "Fitzwilliam", "Gallagher", "Garroway", "Greenhalgh", "Hallorann", "Hargreaves",
        "Hawthorne", "Ingleby", "Isaksen", "Jablonski", "Kavanagh", "Kettleborough", "Kowalczyk", "Lindqvist",
        "Loughran", "MacAllister", "Marchetti", "Merriweather", "Montgomery", "Nakamura", "Northcott", "Oakenshaw",
        "Okonkwo", "Pemberton", "Quintero", "Rasmussen", "Ravenscroft", "Rutherford", "Sandoval", "Satterthwaite",
        "Sheffield", "Sorensen", "Strickland", "Thistlewood", "Trevelyan", "Underhill", "Vanderberg", "Villanueva",
        "Wainwright", "Whitlock", "Wolstenholme", "Yardley", "Zabrowski", "Zimmerli", "Ashdown", "Bellweather",
    ];

    public static readonly string[] DomainWords =
    [
        "amber", "birch", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo", "juniper", "kestrel",
        "lumen", "meadow", "nimbus", "orchid", "pebble", "quartz", "river", "summit", "tundra", "umber", "vale",
        "willow", "zephyr",
    ];

    public static readonly string[] DomainSuffixes = ["mail", "post", "net", "box", "works", "hub", "line", "web"];

    public static readonly string[] TopLevelDomains = ["com", "org", "net", "io", "co.uk", "de", "fr", "com.br", "jp", "ca"];

    public static readonly string[] OtherGenders = ["Genderqueer", "Bigender", "Polygender", "Non-binary", "Agender", "Genderfluid"];

    public static readonly string[] Countries =
    [
        "China", "Indonesia", "Philippines", "Brazil", "Russia", "Portugal", "France", "Sweden", "Poland", "United States",
        "Peru", "Colombia", "Japan", "Greece", "Ukraine", "Czech Republic", "Argentina", "Mexico", "Canada", "Nigeria",
        "Thailand", "Vietnam", "Germany", "Serbia", "South Africa", "Morocco", "Croatia", "Pakistan", "Netherlands", "Iran",
        "Finland", "Norway", "Belgium", "Bangladesh", "Egypt", "Kenya", "Malaysia", "Ireland", "United Kingdom", "Spain",
        "Italy", "Chile", "Venezuela", "Ethiopia", "Tanzania", "Uganda", "Armenia", "Georgia", "Mongolia", "Kazakhstan",
        "Estonia", "Latvia", "Lithuania", "Slovenia", "Albania", "Bosnia and Herzegovina", "Dominican Republic", "Honduras",
        "Guatemala", "Nicaragua", "Panama", "Cuba", "Haiti", "New Zealand", "Australia", "South Korea", "Sri Lanka", "Nepal",
    ];
}
