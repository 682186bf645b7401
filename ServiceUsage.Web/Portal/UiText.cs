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
        ["User"] = "用户", ["Order"] = "订单", ["Kind"] = "类别", ["No plans yet."] = "暂无套餐。", ["No plans are on sale."] = "暂无在售套餐。",
        ["No charges yet: postpay usage is billed every hour."] = "暂无费用：后付用量每小时结算一次。", ["No billing runs yet."] = "暂无计费记录。",
        ["No API tokens yet."] = "暂无 API 令牌。", ["Spend per hour over time"] = "每小时支出走势", ["Plan id"] = "套餐 ID", ["On sale"] = "在售",
        ["Monthly price (prepay)"] = "月价（预付）", ["Hourly price (postpay)"] = "小时价（后付）", ["Description"] = "说明",
        ["Begin time"] = "生效时间", ["Begin now"] = "立即生效", ["Begin date"] = "生效日期", ["Amount per bucket"] = "每段金额",
        ["Started"] = "开始于", ["Series"] = "系列", ["Rows"] = "行数", ["Revoked"] = "已吊销", ["Prefix"] = "前缀", ["Last used"] = "最近使用",
        ["Job"] = "任务", ["Error"] = "错误", ["Ended"] = "结束于", ["Created"] = "创建于", ["As of"] = "截至",
        ["Re-run billing from a time"] = "从指定时间重新计费", ["From (UTC date)"] = "起始日期（UTC）", ["Hour (UTC)"] = "小时（UTC）", ["Re-run"] = "重新计费",
        ["Adds the postpay hours missing since then (for example after a partial restore), then charges what is due. An hour already charged is never charged again."] =
            "补记此后缺失的后付小时费用（例如部分恢复之后），再结算到期费用。已计费的小时不会重复计费。",
        ["Recent billing runs"] = "最近的计费运行", ["Add version"] = "添加版本", ["Delete"] = "删除", ["Edit"] = "编辑",
        ["Total"] = "合计", ["Search by user"] = "按用户搜索", ["Spend speed over time"] = "支出速度变化",
    };

    static UiText()
    {
        foreach (var (english, chinese) in StatementText.Chinese) Chinese[english] = chinese;
    }

    public LocalizedString this[string name] => Find(name);

    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(CultureInfo.CurrentCulture, Find(name).Value, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => Chinese.Keys.Select(Find);

    private static LocalizedString Find(string name) =>
        PortalLocalization.IsChinese && Chinese.TryGetValue(name, out var zh) ? new(name, zh) : new(name, name, resourceNotFound: PortalLocalization.IsChinese);
}
