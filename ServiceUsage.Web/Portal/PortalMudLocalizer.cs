using MudBlazor;

namespace ServiceUsage.Web.Portal;

/// <summary>Simplified Chinese for the texts MudBlazor's own controls show (pagers, pickers, close buttons); English otherwise.</summary>
public sealed class PortalMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["MudDataGridPager_RowsPerPage"] = "每页行数：", ["MudDataGridPager_InfoFormat"] = "{0}-{1}，共 {2}", ["MudDataGridPager_AllItems"] = "全部",
        ["MudDataGridPager_FirstPage"] = "第一页", ["MudDataGridPager_PreviousPage"] = "上一页", ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_LastPage"] = "最后一页", ["MudTablePager_FirstPage"] = "第一页", ["MudTablePager_PreviousPage"] = "上一页",
        ["MudTablePager_NextPage"] = "下一页", ["MudTablePager_LastPage"] = "最后一页", ["MudDataGrid_Loading"] = "加载中…",
        ["MudTable_Loading"] = "加载中…", ["MudDataGrid_Sort"] = "排序", ["MudDataGrid_Unsort"] = "取消排序",
        ["MudBaseDatePicker_Open"] = "打开", ["MudBaseDatePicker_PrevMonth"] = "上个月 {0}", ["MudBaseDatePicker_NextMonth"] = "下个月 {0}",
        ["MudBaseDatePicker_PrevYear"] = "上一年 {0}", ["MudBaseDatePicker_NextYear"] = "下一年 {0}", ["MudTimePicker_Open"] = "打开",
        ["MudDialog_Close"] = "关闭", ["MudSnackbar_Close"] = "关闭", ["MudAlert_Close"] = "关闭", ["MudInput_Clear"] = "清除",
        ["MudInput_Increment"] = "增加", ["MudInput_Decrement"] = "减少", ["MudNavGroup_ToggleExpand"] = "展开/收起 {0}",
        ["MudFormComponent_Required"] = "必填", ["MudSelect_SelectAll"] = "全选", ["Converter_InvalidNumber"] = "不是有效的数字",
        ["Converter_InvalidDateTime"] = "不是有效的日期时间", ["Converter_InvalidTimeSpan"] = "不是有效的时间",
        ["MudDataGrid_ShowColumnOptions"] = "列选项", ["MudDataGrid_Hide"] = "隐藏", ["MudDataGrid_Columns"] = "列",
        ["MudDataGrid_ShowAll"] = "全部显示", ["MudDataGrid_HideAll"] = "全部隐藏", ["MudDataGrid_Filter"] = "筛选",
        ["MudDataGrid_RefreshData"] = "刷新数据", ["MudDataGrid_Group"] = "分组", ["MudDataGrid_Ungroup"] = "取消分组",
    };

    public override Microsoft.Extensions.Localization.LocalizedString this[string key] =>
        PortalLocalization.IsChinese && Chinese.TryGetValue(key, out var zh) ? new(key, zh) : base[key];
}
