using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// A small IStringLocalizer: the key is the English text; Simplified Chinese comes from the table below.
/// Missing translations fall back to English (ResourceNotFound is set, so tests can spot them).
/// </summary>
public sealed class UiText : IStringLocalizer
{
    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["Overview"] = "概览", ["Plans"] = "套餐", ["Orders"] = "订单", ["Usage"] = "用量", ["API tokens"] = "API 令牌",
        ["Admin"] = "管理", ["Billing"] = "计费", ["Jobs dashboard"] = "任务面板", ["Tenants and orders"] = "租户与订单",
        ["Sign in"] = "登录", ["Sign out"] = "退出", ["Register"] = "注册", ["Language"] = "语言",
        ["Spend per hour"] = "每小时支出", ["30-day projection"] = "30 天预计", ["Month to date"] = "本月至今",
        ["Active orders"] = "活跃订单", ["Daily amount, last 30 days"] = "近 30 天每日金额", ["Buy"] = "购买",
        ["Upgrade"] = "升级", ["Cancel order"] = "取消订单", ["Quote"] = "报价", ["Confirm"] = "确认", ["Close"] = "关闭",
        ["Prepay (monthly)"] = "预付（按月）", ["Postpay (hourly)"] = "后付（按小时）", ["Upcoming price changes"] = "即将调价",
        ["Quantity"] = "数量", ["Months"] = "月数", ["Auto-renew"] = "自动续费", ["Type"] = "类型", ["Status"] = "状态",
        ["Service"] = "服务", ["Plan"] = "套餐", ["Begin"] = "开始", ["End"] = "结束", ["Charges"] = "费用",
        ["No orders yet."] = "暂无订单。", ["No charges in this range."] = "此范围内没有费用。", ["Download CSV"] = "下载 CSV",
        ["From"] = "从", ["To"] = "到", ["Per"] = "粒度", ["Split by"] = "拆分", ["Amount"] = "金额", ["Refresh"] = "刷新",
        ["Create token"] = "创建令牌", ["Revoke"] = "吊销", ["Name"] = "名称", ["Run now"] = "立即运行",
        ["Re-run billing from a time"] = "从指定时间重新计费", ["From (UTC date)"] = "起始日期（UTC）", ["Hour (UTC)"] = "小时（UTC）", ["Re-run"] = "重新计费",
        ["Adds the postpay hours missing since then (for example after a partial restore), then charges what is due. An hour already charged is never charged again."] =
            "补记此后缺失的后付小时费用（例如部分恢复之后），再结算到期费用。已计费的小时不会重复计费。",
        ["Recent billing runs"] = "最近的计费运行", ["Add version"] = "添加版本", ["Delete"] = "删除", ["Edit"] = "编辑",
        ["Total"] = "合计", ["Search by user"] = "按用户搜索", ["Spend speed over time"] = "支出速度变化",
    };

    public LocalizedString this[string name] => Find(name);

    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(CultureInfo.CurrentCulture, Find(name).Value, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => Chinese.Keys.Select(Find);

    private static LocalizedString Find(string name) =>
        PortalLocalization.IsChinese && Chinese.TryGetValue(name, out var zh) ? new(name, zh) : new(name, name, resourceNotFound: PortalLocalization.IsChinese);
}
