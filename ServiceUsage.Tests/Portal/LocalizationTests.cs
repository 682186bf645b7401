using System.Globalization;
using Bunit;
using ServiceUsage.Web.Components.Layout;

namespace ServiceUsage.Tests.Portal;

public sealed class LocalizationTests : PortalTestContext
{
    [Fact]
    public void Navigation_is_in_simplified_chinese_under_the_zh_culture_and_english_otherwise()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var zh = Render<NavMenu>();
            Assert.Contains("订单", zh.Markup);
            Assert.Contains("用量", zh.Markup);

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var en = Render<NavMenu>();
            Assert.Contains("Orders", en.Markup);
            Assert.DoesNotContain("订单", en.Markup);
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
