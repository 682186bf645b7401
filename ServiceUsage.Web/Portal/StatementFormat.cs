using System.Globalization;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// Times on statement documents: in the deployment's statement time zone (the zone whose months statements cover,
/// named on the document), not the reader's. Money goes through the portal's one <c>MoneyFormat</c>.
/// </summary>
public static class StatementFormat
{
    public static string Time(DateTime local) => local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
