//! The message table. Keep entries grouped by page; Chinese first, then English.
message_table! { Msg {
    // Shell
    BrandName: "邻里", "Linli";
    BrandTagline: "深圳社区服务平台", "Shenzhen community services";
    SkipToContent: "跳到主要内容", "Skip to main content";
    NavMain: "主导航", "Main navigation";
    NavHome: "首页", "Home";
    NavDirectory: "服务指南", "Services";
    NavVenues: "场馆预约", "Venues";
    NavFeedback: "意见反馈", "Feedback";
    NavActivities: "活动", "Activities";
    NavVolunteers: "义工", "Volunteers";
    NavMe: "我的", "Me";
    SwitchLanguage: "English", "中文";
    SwitchLanguageLabel: "切换到英文界面", "Switch to Chinese";
    ElderMode: "关怀模式", "Large text";
    ElderModeLabel: "关怀模式：更大的字和更清楚的对比", "Elder mode: larger text and stronger contrast";
    FooterPolicy: "依据《关于加快我市社区服务发展的若干意见》（深府〔2008〕234号）建设", "Built under Shenzhen's community services policy (Shen Fu [2008] No. 234)";
    FooterDemo: "本站点当前展示演示数据", "This site currently shows demo data";
    FooterContact: "联系我们：{contact}", "Contact: {contact}";
    Loading: "正在加载…", "Loading…";
    Retry: "重试", "Try again";
    ErrorTitle: "出错了", "Something went wrong";
    ErrorNetwork: "网络连接失败，请检查网络后重试。", "Could not reach Linli. Check your connection and try again.";
    ErrorHttp: "服务暂时无法完成请求（{status}）。", "The service could not complete the request ({status}).";
    NotFoundTitle: "页面不存在", "Page not found";
    NotFoundBody: "您要找的页面不存在或已移动。", "The page you are looking for does not exist or has moved.";
    BackHome: "返回首页", "Back to the home page";
    ComingSoon: "此功能正在建设中。", "This part is being built.";
    NotAllowed: "您没有查看此页面的权限。", "You are not allowed to see this page.";
    ReloadTitle: "页面需要刷新", "This page needs a reload";
    ReloadBody: "无法载入此页面，可能是邻里刚刚更新或网络中断。刷新后即可继续使用。", "This page could not be loaded: Linli may have just been updated, or the connection dropped. Reload to carry on.";
    ReloadButton: "刷新页面", "Reload the page";

    // Home
    HomeTitle: "社区服务，一站办理", "Community services in one place";
    HomeLead: "查找身边的社区服务，预约文体场馆，向居委会反映意见。", "Find community services near you, book sports and culture venues, and tell your residents' committee what you think.";
    HomeSearchLabel: "搜索社区服务", "Search community services";
    HomeSearchPlaceholder: "例如：养老、低保、家政", "e.g. elderly care, subsistence allowance, housekeeping";
    HomeSearchButton: "搜索", "Search";
    HomePillarDirectory: "查找服务", "Find a service";
    HomePillarDirectoryHint: "谁提供、在哪里、何时开放", "Who offers what, where and when";
    HomePillarVenues: "预约场馆", "Book a venue";
    HomePillarVenuesHint: "篮球场、活动室、学校运动场", "Courts, activity rooms, school grounds";
    HomePillarFeedback: "反映意见", "Give feedback";
    HomePillarFeedbackHint: "投诉、建议、咨询、表扬", "Complaints, suggestions, questions, praise";
    HomeActivities: "看看近期的社区活动 →", "See what's on in your community →";
    HomeVolunteers: "当义工，存时间 →", "Volunteer, bank your hours →";
    HomeDistricts: "按区浏览", "Browse by district";
    HomeDistrictsCount: "共 {n} 个区", "{n} districts";
}
}
