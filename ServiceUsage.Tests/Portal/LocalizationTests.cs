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

    [Fact]
    public void Every_text_the_components_look_up_has_a_simplified_chinese_translation()
    {
        var components = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../ServiceUsage.Web/Components"));
        // Every literal inside T[...] (ternaries too), the Domain's wire names and rule messages pages look up as they are.
        var keys = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"\bT\[([^\]]*)\]"))
            .SelectMany(m => System.Text.RegularExpressions.Regex.Matches(m.Groups[1].Value, @"""([^""]+)""").Select(q => q.Groups[1].Value))
            .Concat(Enum.GetValues<ServiceUsage.Domain.OrderStatus>().Select(v => ServiceUsage.Domain.EnumNames.ToWire(v)))
            .Concat(Enum.GetValues<ServiceUsage.Domain.OrderType>().Select(v => ServiceUsage.Domain.EnumNames.ToWire(v)))
            .Concat(Enum.GetValues<ServiceUsage.Domain.ChargeKind>().Select(v => ServiceUsage.Domain.EnumNames.ToWire(v)))
            .Concat(Enum.GetNames<ServiceUsage.Domain.Usage.UsageGranularity>().Concat(Enum.GetNames<ServiceUsage.Domain.Usage.UsageSplit>()).Select(n => n.ToLowerInvariant()))
            .Concat([ServiceUsage.Domain.Plans.PlanRules.IdMessage, ServiceUsage.Domain.Plans.PlanRules.NameMessage, ServiceUsage.Domain.Plans.PlanRules.DescriptionMessage,
                ServiceUsage.Domain.Plans.PlanRules.UnitMessage, ServiceUsage.Domain.Plans.PlanRules.PriceMessage, ServiceUsage.Domain.Plans.PlanRules.NoPriceMessage])
            .Distinct().ToList();
        Assert.True(keys.Count > 50, $"only {keys.Count} texts found under {components}");

        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var text = new ServiceUsage.Web.Portal.UiText();
            var missing = keys.Where(k => text[k].ResourceNotFound).ToList();
            Assert.True(missing.Count == 0, "No Chinese for: " + string.Join(" | ", missing));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
