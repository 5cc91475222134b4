//! Texts of the administrators' pages for reference data: regions, site settings, the holiday
//! calendar, and the notices shown on every administration page.
message_table! { AdmMsg {
    // Navigation and shared words
    AdminRegions: "区域管理", "Regions";
    AdminSite: "站点信息", "Site settings";
    AdminCalendar: "节假日安排", "Holiday calendar";
    Cancel: "取消", "Cancel";
    Save: "保存", "Save";
    Saving: "正在保存…", "Saving…";
    NameZh: "中文名称", "Chinese name";
    NameEn: "英文名称（选填）", "English name (optional)";

    // Notices
    NoticesLabel: "待处理事项", "Needs your attention";
    NoticeCalendarMissing: "{year} 年节假日安排尚未确认：在确认之前，办理期限和场馆开放时间不会计入该年的节假日和调休。", "The {year} holiday schedule is not confirmed yet: until it is, deadlines and venue hours ignore that year's holidays and make-up days.";
    NoticeCalendarAction: "录入并确认 {year} 年安排", "Enter and confirm {year}";

    // Regions
    RegionsLead: "增加、改名、调整和撤销街道与社区。撤销的社区保留意见、场馆和服务等历史记录，但不再出现在选择列表中，以后也可以恢复。", "Add, rename, move and retire subdistricts and communities. A retired community keeps its history (feedback, venues, services) but no longer appears in pickers; it can be restored later.";
    RegionsTree: "各区街道和社区", "Districts, subdistricts and communities";
    SubdistrictCount: "{n} 个街道", "{n} subdistricts";
    CommunityCount: "{n} 个社区", "{n} communities";
    NoCommunities: "这个街道还没有社区。", "This subdistrict has no communities yet.";
    Retired: "已撤销", "Retired";
    AddRegion: "新增街道或社区", "Add a subdistrict or community";
    Parent: "上级", "Parent";
    ParentHint: "选择区则新增街道，选择街道则新增社区。", "Choose a district to add a subdistrict, or a subdistrict to add a community.";
    NewSubdistrictUnder: "{name}（新增街道）", "{name} (new subdistrict)";
    RegionCode: "区划代码", "Region code";
    RegionCodeHint: "6 至 12 位数字，不能与已有的代码重复；已按上级填好建议值。", "6 to 12 digits, not used by another region; a suggestion following the parent is filled in.";
    Add: "新增", "Add";
    Adding: "正在新增…", "Adding…";
    Rename: "改名", "Rename";
    RenameNamed: "改名：{name}", "Rename {name}";
    RenameTitle: "修改“{name}”的名称", "Rename {name}";
    Move: "调整街道", "Move";
    MoveNamed: "调整街道：{name}", "Move {name}";
    MoveTitle: "把“{name}”调整到其他街道", "Move {name} to another subdistrict";
    NewSubdistrict: "新的所属街道", "New subdistrict";
    Retire: "撤销", "Retire";
    RetireNamed: "撤销：{name}", "Retire {name}";
    RetireTitle: "撤销“{name}”？", "Retire {name}?";
    RetireExplain: "撤销后，居民注册和选择社区时不再看到它；它的意见、场馆和服务都会保留，仍可查看。以后可以恢复。", "Residents will no longer see it when registering or choosing a community; its feedback, venues and services stay and remain readable. You can restore it later.";
    RetireConfirm: "确认撤销", "Retire it";
    Restore: "恢复", "Restore";
    RestoreNamed: "恢复：{name}", "Restore {name}";
    DoneAdded: "已新增：{name}", "Added: {name}";
    DoneRenamed: "已改名：{name}", "Renamed: {name}";
    DoneMoved: "已调整：{name}", "Moved: {name}";
    DoneRetired: "已撤销：{name}", "Retired: {name}";
    DoneRestored: "已恢复：{name}", "Restored: {name}";
    ErrRegionCodeTaken: "这个区划代码已被使用，请换一个。", "This region code is already in use; choose another.";
    ErrInvalidRegionCode: "区划代码应为 6 至 12 位数字。", "A region code is 6 to 12 digits.";
    ErrInvalidRegionName: "请填写中文名称，名称不能过长。", "Enter a Chinese name that is not too long.";
    ErrRegionNotFound: "找不到这个区域，可能已被其他管理员修改。请刷新页面后再试。", "This region was not found; another administrator may have changed it. Reload the page and try again.";
    ErrRegionParentInvalid: "上级不符合要求：社区只能设在街道下，街道只能设在区下。", "That parent does not fit: communities go under a subdistrict, subdistricts under a district.";
    ErrRegionNotCommunity: "只有社区可以撤销、恢复或调整街道。", "Only communities can be retired, restored or moved.";
    ErrRegionRetired: "这个社区已撤销，请先恢复。", "This community is retired; restore it first.";
    ErrOutOfScope: "这个区域不在您的管理范围内。", "This region is outside the area you administer.";
    ErrCityAdminOnly: "只有市级管理员可以进行此操作。", "Only city administrators can do this.";

    // Site settings
    SiteLead: "站点名称和联系方式显示在每个页面的页脚；Open311 联系人公布在 Open311 接口说明中。", "The site's name and contact appear at the foot of every page; the Open311 contact is published in the Open311 discovery document.";
    SiteNameZh: "站点名称（中文）", "Site name (Chinese)";
    SiteNameEn: "站点名称（英文，选填）", "Site name (English, optional)";
    SiteContact: "联系方式（选填）", "Contact (optional)";
    SiteContactHint: "居民联系运营方的方式，例如服务热线或办公地址。", "How residents reach the operators, e.g. a service hotline or an office address.";
    Open311Contact: "Open311 联系人（选填）", "Open311 contact (optional)";
    Open311ContactHint: "供外部应用开发者联系，例如电子邮箱。", "For developers of outside apps, e.g. an e-mail address.";
    CityAdminOnlyNote: "只有市级管理员可以修改这些设置。", "Only city administrators can change these settings.";

    // Holiday calendar
    CalendarLead: "录入每年的法定节假日和调休上班日（中英文名称）。办理期限按工作日计算，场馆开放时间也参照节假日。国务院办公厅一般在每年年底公布下一年的安排。", "Enter each year's public holidays and make-up working days, named in both languages. Deadlines count working days and venue hours follow holidays. The State Council usually publishes next year's schedule late in the year.";
    CalendarYears: "选择年份", "Choose a year";
    YearN: "{year} 年", "{year}";
    ConfirmYear: "{year} 年的放假和调休安排已全部录入", "All of {year}'s holidays and make-up days are entered";
    ConfirmYearHint: "确认后，下一年的提醒不再显示。之后仍可修改日期。", "Once confirmed, the reminder stops. Dates can still be corrected afterwards.";
    YearConfirmed: "已确认", "Confirmed";
    YearNotConfirmed: "未确认", "Not confirmed";
    DaysOfYear: "{year} 年已录入的日期", "Dates entered for {year}";
    DaysCount: "共 {n} 天", "{n} days";
    NoDays: "这一年还没有录入任何日期。", "No dates are entered for this year yet.";
    Date: "日期", "Date";
    Kind: "类型", "Kind";
    Name: "名称", "Name";
    Actions: "操作", "Actions";
    KindHoliday: "放假", "Holiday";
    KindWorkday: "调休上班", "Make-up working day";
    SetDay: "新增或修改日期", "Add or correct a date";
    SetDayHint: "选择已录入的日期会覆盖原来的设置。", "Choosing a date already listed replaces it.";
    Edit: "修改", "Edit";
    EditNamed: "修改 {date}", "Edit {date}";
    Delete: "删除", "Delete";
    DeleteNamed: "删除 {date}", "Delete {date}";
    DoneDaySaved: "已保存 {date}", "Saved {date}";
    DoneDayDeleted: "已删除 {date}", "Deleted {date}";
    DoneYearConfirmed: "已确认 {year} 年安排", "{year} is confirmed";
    DoneYearUnconfirmed: "已取消确认 {year} 年安排", "{year} is no longer confirmed";
}}
