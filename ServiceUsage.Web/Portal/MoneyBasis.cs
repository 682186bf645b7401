namespace ServiceUsage.Web.Portal;

/// <summary>
/// What a money figure means (BILLING.md "Units"): consumed (used in a window, prepaid money spread over its period),
/// charged (rows booked in a window, a prepaid purchase whole on its first day), or a rate per hour. A page never
/// shows two of them unlabelled side by side.
/// </summary>
public enum MoneyBasis { Consumed, Charged, Rate }
