namespace ServiceUsage.Domain;

public enum OrderType { Prepay, Postpay }

public enum OrderStatus { Active, Cancelled, Expired }

public enum ChargeKind { Purchase, Renewal, Usage, UpgradeCredit, UpgradeCharge, Refund }

/// <summary>The lower-case, dash-separated names the database and API use ("upgrade-credit").</summary>
public static class EnumNames
{
    public static string ToWire<T>(T value) where T : struct, Enum => Cache<T>.ToWire[value];

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Cache<T>.FromWire.TryGetValue(text ?? "", out value);

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ToWire = Enum.GetValues<T>().ToDictionary(v => v, Kebab);
        public static readonly Dictionary<string, T> FromWire =
            ToWire.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        private static string Kebab(T value)
        {
            var name = value.ToString();
            var chars = new List<char>(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (char.IsUpper(name[i]) && i > 0) chars.Add('-');
                chars.Add(char.ToLowerInvariant(name[i]));
            }
            return new string(chars.ToArray());
        }
    }
}
