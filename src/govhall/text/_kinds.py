"""Personal data that masking finds by its kind alone, where no recogniser reports an entity.

Extraction reports only what it can normalise and validate (a Luhn-valid card, a real ID); a post
that is published masked also carries numbers and codes whose only sign of being personal is their
label or their shape: an account or a permit number after its label (扣扣382910475,
港澳通行证号码C61827394), a licence plate (苏E·8K2M5, 浙 a12345), a house, room or
village-group number (建设路12号, B栋305, 黄泥村3组) and an e-mail written to dodge spam filters
(zhangli#163.com). Each rule here is one such kind; :func:`kind_spans`
lists what a text holds, and :func:`has_kind` is the cheap yes/no that ``needs_mask`` asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from govhall.text._scan import Scanner

__all__ = ["KindSpan", "has_kind", "kind_spans"]

# A number its label calls an account, card, record or permit number: personal whatever its length.
# Labels whose numbers are digits (group 1) and labels whose codes may open with letters (group 2:
# 微信号 hzm_2018, 护照号E12345678, 港澳通行证C61827394). Order, ticket and parcel numbers
# (订单号, 工单号, 快递单号) are left: a rule that hid them added 0.5 % over-masking on the held-out
# masking set (whose writers did not count them as secrets) and removed no secret there.
_LABELLED_NUMBER = Scanner(
    re.compile(
        r"(?:卡号|账号|帐号|账户|帐户|社保号|医保号|保单号|护照号|驾驶证号|驾照号|QQ号?|qq号?|扣扣号?|企鹅号|户号|"
        r"病历号|病案号|住院号|门诊号|就诊号|就诊卡号|体检号|学号|学籍号|学生证号?|校园卡号|准考证号|考生号|档案编?号|(?<![A-Za-z])[Qq]号|"
        # social insurance numbers a city issues besides the ID (社保个人编号, 深圳的电脑号, 参保号)
        # (written from their rarer second character on, where the scanner jumps: 个 and 电 are common)
        r"(?<=个人|社保|医保)编号|(?<=电)脑号|(?<=参)保号|(?<=社会)保障号码?)"
        r"[^0-9]{0,4}?([0-9][0-9A-Za-z-]{4,24}[0-9A-Za-z])(?![0-9])"
        r"|(?:微信号?|薇信号?|威信号?|维信号?|微\s信|卫星号?|绿泡泡|[薇微威][^\w\s:()]{1,2}(?=:)|支付宝(?:账号|帐号|账户|帐户|号)(?=(?:码|是|为)?[:\s]{0,2}[A-Za-z0-9])|[Ww]e[Cc]hat|[Ww]eixin|[Vv](?<![A-Za-z0-9].)(?=\s?:)|企鹅号?|扣(?=\s?:)|护照号?|车牌号?|牌照|(?:VX|vx|Vx|wx|WX)(?<![A-Za-z0-9]..)|V信|v信|抖音号|快手号|微博号?|车架号|车辆识别代号|VIN码?|vin码?|(?<=发)动机(?:号码?|编号)|(?:快手|抖音|微博|B站|b站|小红书|游戏)ID号?|"
        r"通行证号?|台胞证号?|回乡证号?|(?<=回)乡卡号?|旅行证号?|居住证号?|(?<=居)留(?:证|许可)号?|签证号?|证件号|"
        # (an access card's and a member's numbers, from their rarer second character on: 门, 会 are common)
        r"(?<=门)禁卡号?|(?<=会)员(?:卡号|编号|号)|(?:房产证|产权证|不动产权?证|土地证)(?:编?号)?|"
        # a child's birth certificate, a health code's and a serviceman's papers (出生医学证明编号Q110384756)
        r"出生(?:医学)?证明?(?:编?号)?|健康码编?号|军官证号?|士兵证号?|"
        # a bare 号码 before letters and six digits or more: a document's, whichever (用的是护照，号码是EJ3847562);
        # not an order's, a ticket's, a case's or a model's (订单号码, 工单编号, 案件编号, 型号: see above)
        r"(?<![型款单件])号码(?=(?:是|为)?[:\s]{0,2}[A-Za-z]{1,3}[0-9]{6})|"
        # the label in English on a foreigner's form (Passport No. G28765432)
        # (Passport number is E…; before a code that holds a digit: "passport expired" is none)
        r"(?<![A-Za-z])(?:[Pp]assport|PASSPORT)(?:\s?(?:[Nn]o|NO|[Nn]umber|NUMBER)\.?)?(?:\s(?:is|was))?"
        r"(?=[:\s]{0,2}[A-Za-z]{0,2}[0-9]))"
        # 号码是, 号码为: the label's 码 and a copula together (护照号码是 EA1234567)
        # (or a bracket: 持护照（E12345678）入境)
        # (or in English: My WeChat is anna_lee88)
        r"码?(?:是|为|\sis)?[:\s(]{0,2}(?!https?:|www\.)"
        r"([A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_-]{4,24})(?![A-Za-z0-9_-])"
        # Identity cards of Taiwan (A123456789), Hong Kong (A123456(7)) and Macau (1234567(8)) after
        # 身份证 (身份证字号, as Taiwan says it).
        r"|身份证(?:号码?|字号)?(?:是|为)?[:\s]{0,2}([A-Z]{1,2}[0-9]{6,9}(?:\([0-9A]\))?|[0-9]{7}\([0-9]\))(?![A-Za-z0-9])"
    )
)
# A passport's number right before the word (用EB0000123这本护照), looked for where the word stands.
_BEFORE_PASSPORT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9]{7,8})(?=(?:这本|那本|的)?(?:护照|通行证))")
# A passport's or a permit's number after its label written in groups (护照号码：E 3928 4716, as one
# reads it out or copies it from the page): the letters and every group, its last four kept; the
# label may open a bracket or a clause first (护照（号码 G 4718 2936）, 护照，号码是E 3928 4716).
_SPACED_DOCUMENT = re.compile(
    r"(?:护照|通行证|台胞证|回乡证|证件)(?:[(,]\s?)?(?:号码?|编号)?(?:是|为)?[:\s]{0,2}"
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2} ?[0-9]{2,5}(?: [0-9]{2,5}){1,3})(?![0-9A-Za-z])"
)
# A permit's number after a bare 证号, its permit named before (办通行证，之前的证号C73920184): letters,
# then digits, as passports and permits are numbered; not a building or a sale permit's number, all
# digits (规划许可证号：2014184, 预售证号为2018-031: public records), nor an ID's, a student's, a
# driver's or a staff card's, whose labels are read above.
_PERMIT_NUMBER = re.compile(
    r"(?<!身份)(?<!学生)(?<!驾驶)(?<!工作)(?<!执照)证号(?:码)?(?:是|为)?[:\s]{0,2}"
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9]{6,10})(?![A-Za-z0-9])"
)
# A staff member's number after its label (工号0927, 警号:012005, 工号是HR20190087): short, so
# hidden whole; a complaint that names it names the person.
_STAFF_NUMBER = re.compile(
    r"(?:工号|警号|员工号|职工号|工作证号|执法证号)(?:是|为)?[:\s]{0,2}(?<![A-Za-z0-9])([A-Za-z]{0,4}[0-9]{3,12})(?![A-Za-z0-9])"
)
# A phone outside the mainland, with its country code (+852 9123 4567, +1 (415) 555-0132,
# 00853-6612 3456; the normaliser joins 0065 8123 4567): the number after the code, which the
# mainland phone reader leaves; at least seven digits (+15%, +4000平 in real posts are none). +86 is the phone reader's.
_FOREIGN_PHONE = Scanner(
    re.compile(
        r"(?:(?<![0-9A-Za-z+])\+(?!86)[0-9]{1,3}"
        r"|(?<![0-9A-Za-z])00(?:852|853|886|44|81|82|65|60|61|64|49|33|39|66|84|63|62|971|34)|(?<![0-9A-Za-z])00[17](?=[\s-]))"
        r"[\s-]?(\(?[0-9]{1,4}\)?[\s-]?[0-9]{2,5}(?:[\s-]?[0-9]{2,5}){0,3})(?![0-9])"
    )
)
# A number written with its middle starred that still shows more than the ID mask would
# (身份证43032219560*******: region and birth year; 11010819790923****): all but its first six
# characters hidden, as an ID's mask shows them.
_PARTIAL_NUMBER = re.compile(r"(?<![0-9*])(?!400|800)([0-9]{7,17}\*{3,}[0-9*]*[0-9Xx*]?)(?![0-9*Xx])")
# A starred ID or card number after its label that still shows its last digits (身份证3201**********1234,
# 卡号6222****5678): the digits either side of the stars, with the label, narrow it to a few people;
# its last digits are hidden too (a phone's 138****5678 is every masker's shape and stays).
_STARRED_LABELLED = re.compile(
    r"(?:身份证|证件|卡号|账号|帐号|银行卡|社保卡|医保卡)(?:号码?)?(?:是|为)?[:\s]{0,2}"
    r"[0-9]{3,6}\*{3,}([0-9]{2,4}[0-9Xx])(?![0-9Xx*])"
)
# A court case number (（2024）浙0106民初1234号): it finds the judgment and its parties.
_CASE_NUMBER = re.compile(r"\([0-9]{4}\)[\u4e00-\u9fff]{1,2}[0-9]{2,4}[\u4e00-\u9fff]{1,4}([0-9]{1,6})号")
# A number after a phone's label that no phone reader takes (1381234567 one digit short, 12345678901
# with no operator): a mistyped phone is still the citizen's; hotlines (400…, 800…) and an export's
# zeroed placeholder (0000-00000000) are not.
_PHONE_LABELLED = re.compile(
    r"(?:电话|手机|联系方式|座机|[Tt]el|TEL)(?:号码?)?(?:是|为)?[^0-9]{0,3}?(?<![0-9])(?!400|800|0{7})([0-9]{7,13})(?![0-9])"
)
# The last digits of an ID, card or phone tied to a person (身份证后四位2514, 尾号0025, 后六位094451):
# what a reader could check against a record, so nothing of them stays visible.
_NUMBER_TAIL = re.compile(
    r"(?:尾号|尾数|[后末]\s?[四六4-6]\s?位(?:数字)?)(?:是|为)?[:\s]{0,2}([0-9]{3,5}[0-9Xx])(?![0-9])"
)
# A property certificate's serial (浙(2021)杭州市不动产权第0123456号, 沪房地浦字(2015)第034567号), and a
# serviceman's card number.
_CERTIFICATE = re.compile(
    r"(?:不动产权|房地[\u4e00-\u9fff]{0,2}字|房权证[\u4e00-\u9fff]{0,4}字)[^第\n]{0,12}第([0-9]{5,12})号"
    # and a serviceman's or police officer's card (军字第2938475号, 士字第…, 警字第…)
    r"|(?:[军士警]|文职)字第([0-9]{5,12})号"
    # and such a card whose number opens with its region's or service's character (军官证号是南字第0472815号)
    r"|(?:军官证|士兵证|文职干部证|警官证)[^0-9\n]{0,6}?[\u4e00-\u9fff]字第([0-9]{5,12})号"
)
# A sole trader's unified social credit code (92…: 个体工商户, GB 32100): the code of one person's
# business, unlike a company's (91…), which is public.
_SOLE_TRADER = re.compile(r"(?<![0-9A-Za-z])(92[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Za-z])")
# A vehicle identification number (LSVAU2180N2123456): 17 characters without I, O or Q, ending in
# digits, with two letters or more, wherever it stands.
_VIN = re.compile(r"(?<![0-9A-Za-z])([0-9A-HJ-NPR-Z]{13}[0-9]{4})(?![0-9A-Za-z])")
# A person's page on a social or code site, or a user id in any URL (weibo.com/u/5812347690,
# douyin.com/user/MS4w…, github.com/zhouyan-dev, ?uid=1234567).
_PROFILE_URL = re.compile(
    r"(?:(?:weibo\.(?:com|cn)|douyin\.com|kuaishou\.com|xiaohongshu\.com|zhihu\.com|bilibili\.com|toutiao\.com|"
    r"github\.com|gitee\.com|facebook\.com|twitter\.com|x\.com|instagram\.com|linkedin\.com|tiktok\.com)/"
    r"(?:(?:u|user|users|people|profile|home|in|space|n)/)*"
    r"|/(?:u|user|users|people|profile|uid)/|[?&](?:uid|user_?id|userid|openid)=)"
    r"([A-Za-z0-9_.-]{3,64}[A-Za-z0-9_])"
)
# An account named by its handle after @ (微博是@橘子味的小雨, //@王小峰_带三个表:): a person's page,
# whatever its words; not an e-mail's domain (the @ right after an address's characters) nor a
# reference after 编号 (编号@bwx1992 in a reply).
_HANDLE = re.compile(r"(?<![A-Za-z0-9._%+-])(?<!编号)@([^\W_][\w-]{1,29})")
# Birth dates the date reader does not take for one: a month without its day (出生年月：1985.07), eight
# digits (19850712出生), a lunar day with no 日 (生日是农历8月15) and a lunar date of birth.
_BIRTH = Scanner(
    re.compile(
        r"(?:出生年月|出生日期|出生|生日)(?:是|为)?[:\s]{0,2}((?:19|20)[0-9]{2}[./-][0-9]{1,2}|(?:19|20)[0-9]{6})(?![0-9])"
        r"|(?<![0-9])((?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))(?=\s?(?:出生|生(?:人|的|[,.;\s]|$)))"
        r"|生日(?:是|为)?[:\s]{0,2}(?:农历|阴历|阳历|公历)?([0-9]{1,2}月(?:[0-9]{1,2}|初[0-9]{1,2}))"
        # A lunar birthday before 生 (85年腊月初八生的, 1962年正月十五出生): the month and day in words.
        r"|(?<![0-9])((?:19|20)?[0-9]{2}年(?:农历|阴历)?(?:[0-9]{1,2}月|正月|腊月|冬月)"
        r"(?:初[0-9一二三四五六七八九十]|[0-9]{1,2}|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九])[日号]?)"
        r"(?=出生|生[的人,.;\s]|生$)"
    )
)
# A place a citizen lives, named after an address cue with no number to hide (我家住在人民路附近,
# 我们村叫李家庄, 租住在城中村（下沙村）, 我们是锦绣华城小区的业主): the name of the street, village
# or estate, which the address reader leaves without a number.
_PLACE_NAMED = re.compile(
    r"(?:家住在?|住在|家在|老家在|租住在|我住)[:\s(（]{0,2}"
    r"((?:[\u4e00-\u9fff]{0,6}[区县镇乡])?[\u4e00-\u9fff]{2,6}?(?:路|街|巷|弄|胡同|村|庄|屯|寨|小区|花园|家园|公寓|新村|苑))"
    r"(?![\u4e00-\u9fff]?[0-9]|[站口])"
    r"|我们是([\u4e00-\u9fff]{2,6}?(?:小区|花园|家园|公寓|新村|苑))(?=的?(?:业主|住户|居民))"
    r"|(?:我们|我家|我)(?:村|小区|屯|寨)(?:名)?叫[:\s]{0,2}([\u4e00-\u9fff]{2,6}?)(?=[^\u4e00-\u9fff]|$|在|是|的)"
)
# A household counted from a landmark, where a village has no house numbers (村委会后面第三户, 小卖部
# 往北第2家): the ordinal, which finds the door as a number would.
_COUNTED_HOUSE = re.compile(
    r"(?:后面|前面|后边|前边|后头|前头|旁边|对面|隔壁|左边|右边|左手|右手|[往向朝][东南西北]|[东南西北](?:边|头|面))"
    r"(?:数|走|的)?第([0-9]{1,2}|[一二三四五六七八九十]{1,2})(?=户|家|栋|幢|间|个门)"
)
# Plates that end in a use character (浙A1234学, 鲁B3F76挂, 京A1234警) and a city's own plates after
# their label (车牌号 杭州 A12345, e-bikes).
_PLATE_USE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]\s?[A-Za-z][·\s-]?"
    r"([A-Za-z0-9]{4,5})(?=[挂学警港澳领试超])"
    r"|车牌(?:号码?)?(?:是|为)?[:\s]{0,2}[\u4e00-\u9fff]{2,3}\s?([A-Za-z][0-9][A-Za-z0-9]{3,5})(?![A-Za-z0-9])"
    # and a plate after its label without its province (车牌号：A·12345)
    r"|车牌(?:号码?)?(?:是|为)?[:\s]{0,2}[A-Za-z][·•・.\s-]([A-Za-z0-9]{4,6})(?![A-Za-z0-9])"
)
# An account written before its label (zhangli2000（微信）, 382910475(QQ)); looked for only where a
# bracket stands.
_ACCOUNT_BEFORE_LABEL = re.compile(
    r"(?<![A-Za-z0-9_-])([A-Za-z0-9][A-Za-z0-9_-]{4,24})\s?\(\s?(?:微信|VX|vx|QQ|qq|扣扣|抖音|快手)"
)
# House numbers wherever they stand, even where no address was recognised (我在建设路12号开店,
# 胜利路 56号): the numerals after a street word and before 号, before a building, unit or room word, a room
# right after a building or unit (宿舍楼B栋305, 3门201), a village's group (黄泥村3组), a door
# number (门牌号18号) and a building-unit-room triple (8-1-502).
_HOUSE_NUMBER = Scanner(
    re.compile(
        # (digits spaced out by OCR too: 幸 福 路 1 8 号)
        r"(?:(?<=[路街道巷弄里村组])|(?<=[路街道巷弄里村组] ))[0-9]+(?: [0-9]+)*(?= ?号)"
        r"|[0-9]+(?= ?(?:号楼|栋|幢|单元|室))"
        r"|(?:(?<=[栋幢座])|(?<=号楼)|(?<=单元)|(?<=[0-9]门))[0-9]{3,4}(?![0-9])"
        r"|(?<=村)[0-9]{1,2}(?=组|队|社(?!区))|(?<=门牌号)[0-9]+|(?<=门牌)[0-9]+"
        # a neighbour's room (我楼上502, 对门1102的住户)
        r"|(?:(?<=楼上)|(?<=楼下)|(?<=对门)|(?<=隔壁))[0-9]{3,4}(?![0-9])"
        # a villa's or an estate's house number with no street (香榭墅12号, 御景苑3号), and any house
        # number its household follows (…17号的业主, 5号住户, 8号那家)
        r"|(?<=[墅邸苑])[0-9]{1,4}(?= ?号)"
        r"|(?<![0-9])[0-9]{1,4}(?= ?号(?:(?:的|那|这)?(?:业主|住户|户主|居民|房东|租户|人家)|[那这][家户]))"
        # a production team's number (五星大队2队, 红光大队3小队)
        r"|(?<=大队)[0-9]{1,2}(?=小队|队|组)"
        # Building, unit and room in one (金沙湾小区8-1-502, 3-2-1101): no date, phone or range has
        # a group of one or two digits between two dashes before three or four.
        r"|(?<![0-9-])[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}(?![0-9-])"
    )
)
# An address written in English (Building 5 Room 1202, Apt. 3B, Flat 12, 88 Zhongshan Road): the numbers
# after a building's, a room's or a flat's word and before a street's (not after No., which ranks: No.1).
_ENGLISH_ADDRESS = re.compile(
    r"(?<![A-Za-z])(?:Building|Bldg\.?|Block|Tower|Room|Rm\.?|Unit|Apt\.?|Apartment|Flat|Suite|House)\s?#?"
    r"([0-9]{1,5}[A-Za-z]?)(?![0-9])"
    r"|(?<![0-9A-Za-z])([0-9]{1,5})\s(?=(?:[A-Z][a-z]+\s){1,3}(?:Road|Rd|Street|St|Lane|Avenue|Ave|Boulevard|Blvd)\b)"
)
# A flat written as building and room with a dash after where one lives (我住B1-1203, 家在7-302,
# 房号：12-2-1101).
_FLAT_AFTER_HOME = re.compile(
    r"(?:住在?|家在|房号|房间号)[:\s]{0,2}([A-Za-z]?[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}|[A-Za-z]?[0-9]{1,3}-[0-9]{3,4})(?![0-9-])"
)
# Licence plates (浙A12345, 粤B·D12345, 浙 a12345, 川A-8B2C3, 苏E 7K 5M2 as a form spaces it, 京A.8H2K9,
# 京A•8H2K9 with any dot):
# personal wherever they stand; the part after the province and letter holds a digit (新A股 is none).
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]\s?[A-Za-z][·•・‧.\s-]?"
    r"(?=[A-Za-z]{0,5}[0-9])((?:[A-Za-z0-9] ?){4,5}[A-Za-z0-9])(?![A-Za-z0-9])"
)
# The armed police's plates (WJ 01-12345: a unit's two digits, then the vehicle's), apart: an
# alternative in _PLATE cost every post with a digit the plate scan's fast start.
_WJ_PLATE = re.compile(r"(?<![A-Za-z0-9])WJ\s?[0-9]{2}[\s-]?([0-9A-Z]{4,5})(?![A-Za-z0-9])")
# zhangli#163.com, zhang_li(at)163.com, wangfang AT qq.com: an e-mail with its @ written another way.
# Spaces around the @ or the dot (zhangli1988 @ 163.com, wang.haitao@qq .com) too.
_DODGED_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{1,63})\s{0,2}(?:@|#|\(at\)|\[at\]|\s(?:at|AT)\s|艾特)\s{0,2}"
    r"(?:[A-Za-z0-9-]{1,63}\s?\.\s?)+(?:com|cn|net|org|edu|gov)(?![A-Za-z0-9-])"
)


_DIGIT = re.compile("[0-9]")


@dataclass(frozen=True, slots=True)
class KindSpan:
    """A stretch of normalised text to hide: ``head``/``tail`` characters of it stay visible
    (the last four digits of an account, as a bank card's mask keeps them; nothing of a house
    number)."""

    start: int
    end: int
    head: int
    tail: int


def kind_spans(text: str, types: frozenset[str]) -> Iterator[KindSpan]:
    """Every stretch of normalised ``text`` that one of the kinds above calls personal, for a
    policy that masks ``types`` (house numbers and places need ``address``, dodged e-mails
    ``email``, birth dates ``birth_date``). Each kind is looked for only where its mark stands (a
    digit, a bracket, a slash, a cue's character): the import's gate asks this of every post."""
    for match in _LABELLED_NUMBER.finditer(text):
        group = match.lastindex or 1
        yield KindSpan(match.start(group), match.end(group), 0, 4)
    if "(" in text:
        for match in _ACCOUNT_BEFORE_LABEL.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 4)
    if "address" in types and ("住" in text or "家在" in text or "叫" in text or "我们是" in text):
        for match in _PLACE_NAMED.finditer(text):
            group = match.lastindex or 1
            yield KindSpan(match.start(group), match.end(group), 1, 1)
    if "email" in types and "." in text:
        for match in _DODGED_EMAIL.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 1, 0)
    if "address" in types and "第" in text:
        for match in _COUNTED_HOUSE.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 0)
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 1, 0)
    if "/" in text or "=" in text:
        for match in _PROFILE_URL.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 0)
    if not _DIGIT.search(text):
        return  # every kind below holds a digit
    if "address" in types:
        for match in _HOUSE_NUMBER.finditer(text):
            yield KindSpan(match.start(), match.end(), 0, 0)
    if "address" in types and "-" in text:
        for match in _FLAT_AFTER_HOME.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 0)
    if "address" in types and ("o" in text or "N" in text or "B" in text or "R" in text):
        for match in _ENGLISH_ADDRESS.finditer(text):
            group = match.lastindex or 1
            yield KindSpan(match.start(group), match.end(group), 0, 0)
    for match in _PLATE.finditer(text):
        yield KindSpan(match.start(1), match.end(1), 0, 1)
    if "WJ" in text:
        for match in _WJ_PLATE.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 1)
    for match in _PLATE_USE.finditer(text):
        group = match.lastindex or 1
        yield KindSpan(match.start(group), match.end(group), 0, 1)
    if "birth_date" in types:
        for match in _BIRTH.finditer(text):
            group = match.lastindex or 1
            yield KindSpan(match.start(group), match.end(group), 0, 0)
    for match in _PHONE_LABELLED.finditer(text):
        yield KindSpan(match.start(1), match.end(1), 0, 4)
    if "护照" in text or "通行证" in text:
        for match in _BEFORE_PASSPORT.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 4)
    if " " in text:
        for match in _SPACED_DOCUMENT.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 4)
    if "+" in text or "00" in text:
        for match in _FOREIGN_PHONE.finditer(text):
            if sum(char.isdigit() for char in match.group(1)) >= 7:
                yield KindSpan(match.start(1), match.end(1), 0, 4)
    if "号" in text:
        if "证号" in text:
            for match in _PERMIT_NUMBER.finditer(text):
                yield KindSpan(match.start(1), match.end(1), 0, 4)
        for pattern in (_STAFF_NUMBER, _CASE_NUMBER):
            for match in pattern.finditer(text):
                yield KindSpan(match.start(1), match.end(1), 0, 0)
    if "*" in text:
        for match in _PARTIAL_NUMBER.finditer(text):
            if 10 <= len(match.group(1)) <= 19:
                yield KindSpan(match.start(1), match.end(1), 6, 0)
        for match in _STARRED_LABELLED.finditer(text):
            yield KindSpan(match.start(1), match.end(1), 0, 0)
    for pattern in (_NUMBER_TAIL, _CERTIFICATE, _SOLE_TRADER):
        for match in pattern.finditer(text):
            group = match.lastindex or 1
            yield KindSpan(match.start(group), match.end(group), 0, 0)
    for match in _VIN.finditer(text):
        if sum(char.isalpha() for char in match.group(1)) >= 2:
            yield KindSpan(match.start(1), match.end(1), 0, 0)


def has_kind(text: str, types: frozenset[str]) -> bool:
    """Whether :func:`kind_spans` finds anything in normalised ``text`` (a cheap gate)."""
    return next(kind_spans(text, types), None) is not None
