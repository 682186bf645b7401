using System.Globalization;
using System.Runtime.CompilerServices;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>Tests read figures as an English reader would, whatever the machine's locale (requests set their own culture).</summary>
internal static class TestCulture
{
    [ModuleInitializer]
    internal static void UseEnglish()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.GetCultureInfo("en-US");
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("en-US");
    }
}
