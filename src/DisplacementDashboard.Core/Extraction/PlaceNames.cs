using System.Text.RegularExpressions;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>A place named in the text: where, and which store location it is.</summary>
internal readonly record struct PlaceMention(int Start, int End, string Code);

/// <summary>
/// The spellings reports use for the store's places (transliterations with and without the apostrophe, Azerbaijani
/// names, "marz"/"province" after the name) and towns the store does not list, mapped to the marz they lie in. Only
/// codes the store has are proposed; every location's own name is matched as well.
/// </summary>
internal sealed class PlaceNames
{
    private static readonly (string Code, string[] Names)[] Variants =
    [
        ("AM", ["Armenia", "Republic of Armenia"]),
        ("AM-AG", ["Aragatsotn", "Aragatzotn", "Ashtarak"]),
        ("AM-AR", ["Ararat", "Artashat", "Masis", "Vedi"]),
        ("AM-AV", ["Armavir", "Ejmiatsin", "Etchmiadzin", "Vagharshapat", "Metsamor"]),
        ("AM-ER", ["Yerevan", "Erevan"]),
        ("AM-GR", ["Gegharkunik", "Gegharkunik'", "Gegharqunik", "Sevan", "Gavar", "Martuni", "Vardenis"]),
        ("AM-KT", ["Kotayk", "Kotaik", "Kotayk'", "Abovyan", "Hrazdan", "Charentsavan", "Tsaghkadzor"]),
        ("AM-LO", ["Lori", "Lorri", "Vanadzor", "Alaverdi", "Spitak"]),
        ("AM-SH", ["Shirak", "Gyumri", "Artik"]),
        ("AM-SU", ["Syunik", "Syunik'", "Syuniq", "Siunik", "Sisian", "Kapan", "Meghri", "Tegh", "Kajaran"]),
        ("AM-TV", ["Tavush", "Tavoush", "Ijevan", "Dilijan", "Berd"]),
        ("AM-VD", ["Vayots Dzor", "Vayots' Dzor", "Vayots-Dzor", "Vayk", "Yeghegnadzor", "Jermuk"]),
        ("AM-SU-KORNIDZOR", ["Kornidzor", "Hakari bridge", "Hakari checkpoint"]),
        ("AM-SU-GORIS", ["Goris"]),
        ("NK", ["Nagorno-Karabakh", "Nagorno Karabakh", "Nagorny Karabakh", "Karabakh", "Artsakh"]),
        ("NK-STEPANAKERT", ["Stepanakert", "Khankendi", "Xankəndi"]),
        ("NK-FUEL-DEPOT", ["fuel depot", "petrol depot", "fuel warehouse"]),
    ];

    private readonly Regex _pattern;
    private readonly Dictionary<string, string> _codeByName = new(StringComparer.OrdinalIgnoreCase);

    public PlaceNames(ExtractionVocabulary vocabulary)
    {
        foreach (var location in vocabulary.Locations.Values)
        {
            _codeByName.TryAdd(location.Name, location.Code);
        }

        foreach (var (code, names) in Variants)
        {
            if (!vocabulary.Locations.ContainsKey(code))
            {
                continue;
            }

            foreach (var name in names)
            {
                _codeByName.TryAdd(name, code);
            }
        }

        // Longest first, so "Vayots Dzor" wins over a shorter name inside it and "Nagorno-Karabakh" over "Karabakh".
        var names1 = _codeByName.Keys.OrderByDescending(n => n.Length).Select(n => Regex.Escape(n).Replace("'", "['’]?", StringComparison.Ordinal));
        // No lookbehind before the names: it keeps the regex from searching for the names' first letters and costs most of its
        // time; Find checks the character before instead.
        _pattern = new Regex(@"(?:" + string.Join("|", names1) + @")(?:['’]s)?(?![\w-])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>Every place named in <paramref name="text"/>, in order.</summary>
    public List<PlaceMention> Find(string text)
    {
        var found = new List<PlaceMention>();
        foreach (Match m in _pattern.Matches(text))
        {
            if (m.Index > 0 && (char.IsLetterOrDigit(text[m.Index - 1]) || text[m.Index - 1] is '_' or '-'))
            {
                continue;
            }

            var name = m.Value.EndsWith("'s", StringComparison.Ordinal) || m.Value.EndsWith("’s", StringComparison.Ordinal) ? m.Value[..^2] : m.Value;
            if (_codeByName.TryGetValue(name.Replace('’', '\''), out var code) || _codeByName.TryGetValue(name.Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal), out code))
            {
                found.Add(new PlaceMention(m.Index, m.Index + m.Length, code));
            }
        }

        return found;
    }
}
