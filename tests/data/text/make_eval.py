"""Build ``eval.jsonl``: realistic citizen messages with gold entities, all personal data invented.

Run ``python tests/data/text/make_eval.py`` (with ``src`` on the path) to rebuild the file; it is
deterministic (fixed seed). The templates are written by hand in the styles citizens use on a
government portal: chatty questions, list-like form dumps, spoken digits, typos (身分证, 电活),
traditional characters, full-width digits, and messages with look-alike numbers (order numbers,
case numbers) that must not be reported. ID numbers and bank cards are generated with the
package's validators so they pass their checksums; the gold values are written out from the
slots, independent of the extractor.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from govhall.text.synthetic import fake_bank_card, fake_id_number, fake_mobile

TODAY = "2025-06-15"
SEED = 20250615
Gold = list[dict[str, object]]
Slot = tuple[str, Gold]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文辉海燕鹏晓婷雪梅春花宇浩然子涵欣怡俊博思远佳琪"
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方"]
_SPOKEN = dict(zip("0123456789", "零一二三四五六七八九", strict=True))

ADDRESSES = [
    ("北京市朝阳区建国路88号院3号楼2单元501室", "北京市朝阳区建国路88号院3号楼2单元501室"),
    ("朝阳区望京西路12号", "北京市朝阳区望京西路12号"),
    ("海淀区中关村大街27号", "北京市海淀区中关村大街27号"),
    ("北京市西城区西直门南大街2号", "北京市西城区西直门南大街2号"),
    ("广州天河区体育西路103号", "广东省广州市天河区体育西路103号"),
    ("广州市越秀区北京路328号", "广东省广州市越秀区北京路328号"),
    ("深圳市南山区科苑路8号", "广东省深圳市南山区科苑路8号"),
    ("广东省佛山市顺德区大良新城路5号", "广东省佛山市顺德区大良新城路5号"),
    ("上海市浦东新区张杨路500号", "上海市浦东新区张杨路500号"),
    ("徐汇区漕溪北路88号", "上海市徐汇区漕溪北路88号"),
    ("浙江省杭州市西湖区文三路90号2幢301室", "浙江省杭州市西湖区文三路90号2幢301室"),
    ("杭州市拱墅区莫干山路100号", "浙江省杭州市拱墅区莫干山路100号"),
    ("成都市武侯区人民南路四段11号", "四川省成都市武侯区人民南路四段11号"),
    ("湖北省武汉市洪山区珞喻路1037号", "湖北省武汉市洪山区珞喻路1037号"),
    ("南京市鼓楼区中山北路200号", "江苏省南京市鼓楼区中山北路200号"),
    ("江苏省苏州市姑苏区人民路1000号", "江苏省苏州市姑苏区人民路1000号"),
    ("西安市雁塔区小寨东路26号", "陕西省西安市雁塔区小寨东路26号"),
    ("济南市历下区泉城路180号", "山东省济南市历下区泉城路180号"),
    ("长沙市岳麓区麓山南路932号", "湖南省长沙市岳麓区麓山南路932号"),
    ("郑州市金水区花园路39号", "河南省郑州市金水区花园路39号"),
    ("河南省周口市川汇区七一路18号", "河南省周口市川汇区七一路18号"),
    ("重庆市渝中区民权路28号", "重庆市渝中区民权路28号"),
    ("天津市南开区卫津路94号", "天津市南开区卫津路94号"),
    ("福州市鼓楼区五四路158号", "福建省福州市鼓楼区五四路158号"),
    ("昆明市五华区东风西路1号", "云南省昆明市五华区东风西路1号"),
    ("合肥市蜀山区长江西路100号", "安徽省合肥市蜀山区长江西路100号"),
    ("河北省保定市清苑区东闾乡王庄村3组", "河北省保定市清苑区东闾乡王庄村3组"),
    ("湖南省邵阳市隆回县六都寨镇石桥村", "湖南省邵阳市隆回县六都寨镇石桥村"),
    ("沈阳市和平区南京北街206号", "辽宁省沈阳市和平区南京北街206号"),
    ("南昌市东湖区八一大道357号", "江西省南昌市东湖区八一大道357号"),
]
CUE_ONLY_ADDRESSES = [
    ("幸福小区5栋3单元", "幸福小区5栋3单元"),
    ("阳光花园12号楼", "阳光花园12号楼"),
    ("建设路新村7栋", "建设路新村7栋"),
    ("滨江苑2期8幢", "滨江苑2期8幢"),
]
HOUSEHOLD = [("河南省周口市", "河南省周口市"), ("四川省南充市", "四川省南充市"), ("安徽省阜阳市", "安徽省阜阳市")]


def spoken(digits: str) -> str:
    return "".join(_SPOKEN[d] for d in digits)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


class Filler:
    """Random slot values with their gold entities."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self) -> Slot:
        rng = self.rng
        surname = rng.choice(COMPOUND) if rng.random() < 0.05 else rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        return surname + given, [{"type": "name", "value": surname + given}]

    def id_card(self) -> Slot:
        number = fake_id_number(self.rng)
        style = self.rng.random()
        if style < 0.1 and number.endswith("X"):
            surface = number.lower()
        elif style < 0.2:
            surface = f"{number[:6]} {number[6:14]} {number[14:]}"
        elif style < 0.3:
            surface = fullwidth(number)
        else:
            surface = number
        return surface, [{"type": "id_card", "value": number}]

    def phone(self) -> Slot:
        number = fake_mobile(self.rng)
        style = self.rng.random()
        if style < 0.15:
            surface = spoken(number)
        elif style < 0.3:
            surface = f"{number[:3]} {number[3:7]} {number[7:]}"
        elif style < 0.4:
            surface = f"{number[:3]}-{number[3:7]}-{number[7:]}"
        elif style < 0.47:
            surface = "+86 " + number
        elif style < 0.55:
            surface = fullwidth(number)
        else:
            surface = number
        return surface, [{"type": "phone", "value": number}]

    def landline(self) -> Slot:
        area = self.rng.choice(["010", "021", "020", "0755", "0571", "028"])
        local = str(self.rng.randrange(2, 9)) + "".join(str(self.rng.randrange(10)) for _ in range(7))
        return f"{area}-{local}", [{"type": "phone", "value": f"{area}-{local}"}]

    def card(self) -> Slot:
        number = fake_bank_card(self.rng, self.rng.choice((16, 19, 19)), self.rng.choice(("6222", "6217", "6228")))
        surface = " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if self.rng.random() < 0.3 else number
        return surface, [{"type": "bank_card", "value": number}]

    def email(self) -> Slot:
        user = self.rng.choice(["zhangwei", "li.na", "wangfang88", "chen_jie", "liuyang2020", "xiaoming.z"])
        domain = self.rng.choice(["qq.com", "163.com", "126.com", "gmail.com", "sina.com", "example.cn"])
        surface = f"{user}{self.rng.randrange(10, 99)}@{domain}"
        return surface, [{"type": "email", "value": surface.lower()}]

    def address(self) -> Slot:
        surface, value = self.rng.choice(ADDRESSES)
        return surface, [{"type": "address", "value": value}]

    def cue_address(self) -> Slot:
        surface, value = self.rng.choice(CUE_ONLY_ADDRESSES)
        return surface, [{"type": "address", "value": value}]

    def household(self) -> Slot:
        surface, value = self.rng.choice(HOUSEHOLD)
        return surface, [{"type": "address", "value": value}]

    def date(self) -> Slot:
        options = [
            ("2024年3月15日", "2024-03-15"),
            ("2024-03-15", "2024-03-15"),
            ("2024/3/15", "2024-03-15"),
            ("二〇二四年三月十五日", "2024-03-15"),
            ("24年3月15号", "2024-03-15"),
            ("3月15号", "2025-03-15"),
            ("5月20日", "2025-05-20"),
            ("上个月10号", "2025-05-10"),
            ("去年十月", "2024-10-01"),
            ("去年12月", "2024-12-01"),
            ("昨天", "2025-06-14"),
            ("三天前", "2025-06-12"),
            ("上周五", "2025-06-06"),
            ("2023年11月", "2023-11-01"),
            ("今年1月8日", "2025-01-08"),
        ]
        surface, value = self.rng.choice(options)
        return surface, [{"type": "date", "value": value}]

    def birth(self) -> Slot:
        options = [
            ("1985年3月7日", "1985-03-07"),
            ("85年3月7号", "1985-03-07"),
            ("1990-12-01", "1990-12-01"),
            ("一九七八年五月", "1978-05-01"),
            ("1962年8月", "1962-08-01"),
            ("2001年10月23日", "2001-10-23"),
        ]
        surface, value = self.rng.choice(options)
        return surface, [{"type": "birth_date", "value": value}]

    def amount(self) -> Slot:
        options = [
            ("3500元", 3500),
            ("三千五百元", 3500),
            ("3.5万元", 35000),
            ("两千块钱", 2000),
            ("1200块", 1200),
            ("¥1,200", 1200),
            ("800元", 800),
            ("一万二千元", 12000),
            ("2680.5元", 2680.5),
        ]
        surface, value = self.rng.choice(options)
        return surface, [{"type": "amount", "value": value}]

    def order(self) -> Slot:
        number = "2025" + "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice((14, 16))))
        return number, []

    def case(self) -> Slot:
        number = fake_id_number(self.rng)
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        return wrong, []


# {slot} placeholders name Filler methods; a trailing digit allows two of the same kind.
TEMPLATES = [
    "我叫{name}，身份证{id_card}，电话{phone}，住{address}。",
    "您好，我叫{name}，想申请最低生活保障，手机号是{phone}，身份证号码{id_card}，谢谢！",
    "姓名：{name}\n身份证号：{id_card}\n联系电话：{phone}\n家庭住址：{address}",
    "姓名 {name} 性别 男 出生日期 {birth} 电话 {phone}",
    "申请人：{name}；公民身份号码：{id_card}；联系方式：{phone}；银行卡号：{card}",
    "请问公积金怎么提取？我的电话{phone}，麻烦回个电话",
    "我{date}失业了，想领失业金，我叫{name}，电话{phone}",
    "我是{name}，{date}在窗口交的材料，到现在还没消息，电话{phone}",
    "本人{name}，身份证{id_card}，现住{address}，申请办理居住证。",
    "老人叫{name}，{birth}出生，身份证{id_card}，想办高龄津贴，联系电话{phone}",
    "我儿子{name}今年上小学，户口在{household}，我们现在住{address}，能不能在这边上学？",
    "工资卡{card}，开户人{name}，每月工资{amount}，已经三个月没发了",
    "我的邮箱是{email}，材料清单麻烦发我一下，谢谢",
    "有问题请联系我：{email} 或者 {phone}",
    "身分证{id_card}，电活{phone}，名字{name}",
    "俺叫{name}，手机{phone}，住{address}，低保啥时候能批下来？",
    "月收入{amount}，家里四口人，能申请低保吗？我叫{name}，电话{phone}",
    "我是{name}，去年交了社保，{date}去办的转移，电话{phone}，现住{cue_address}",
    "您好！订单号{order}一直没处理，我的手机{phone}",
    "案号{case}的进度怎么查？联系人{name}，电话{phone}",
    "联系人：{name} 电话：{landline} 地址：{address}",
    "单位电话{landline}，请在工作时间拨打",
    "我在{address}开了家小店，营业执照怎么办？我叫{name}，电话{phone}",
    "{name}，女，{birth}生，身份证号{id_card}，住址{address}",
    "帮我查一下{name}的社保缴纳记录，身份证{id_card}",
    "我老婆叫{name}，我们{date}结的婚，现在想办生育登记，我电话{phone}",
    "退款{amount}打到卡号{card}，户名{name}",
    "我叫{name}，{birth}出生的，今年想办退休，社保卡号{card}",
    "房租每月{amount}，住在{cue_address}，想申请公租房，手机{phone}",
    "我是{name}，我的电子邮箱{email}，身份证号码是{id_card}，请把结果发到邮箱",
    "姓名：{name}，出生日期：{birth}，手机：{phone}，邮箱：{email}",
    "我们家住{address}，楼下施工噪音太大，{date}开始一直这样，电话{phone}",
    "{date}在{address}附近被车刮了，要怎么处理？我电话{phone}",
    "您好我想问一下居住证到期了怎么续签，我叫{name}，手机{phone}",
    "户籍地：{household}，现居住地：{address}，姓名：{name}",
    "我叫{name}，在{address}上班，公司拖欠工资{amount}，电话{phone}",
    "我妈妈{name}，身份证{id_card}，{date}住院花了{amount}，医保能报多少？",
    "快递单号{order}，里面是我的户口本复印件，收件人{name}，电话{phone}",
    "请回电{landline}或{phone}，找{name}",
    "我叫{name}，身份证{id_card}，卡号{card}，补贴一直没到账",
    "申請人{name}，電話{phone}，地址{address}",
    "電話{phone}，我叫{name}，想問一下戶口遷移要什麼材料",
    "本人{name}于{date}提交了公积金提取申请，提取金额{amount}，至今未到账，联系电话{phone}",
    "{name} {phone} {id_card}",
    "{name}，{phone}，{address}",
    "登记信息：{name}/{id_card}/{phone}",
    "姓名{name}性别女身份证{id_card}电话{phone}",
    "你好，我的手机号码：{phone}，身份证：{id_card}，我叫{name}，住在{address}",
    "我是外地的，户口在{household}，{date}来的，想办居住证，我叫{name}",
    "申请人{name}，配偶没有工作，家庭月收入{amount}，住{address}，电话{phone}",
]
NEGATIVE = [
    "请问最低生活保障需要什么材料？",
    "办理居住证要多长时间？",
    "我想咨询一下住房公积金的提取条件",
    "你们的办公时间是几点到几点？",
    "我是本地户籍，能不能申请公租房？",
    "网上办事大厅登录不上去了，一直转圈",
    "营业执照变更需要本人到场吗？",
    "我在深圳上班，社保能转回老家吗？",
    "十分感谢你们的帮助，一起办完了",
    "请问失业金每个月能领多少钱？",
    "投诉：窗口工作人员态度很差",
    "第一次来办事，不知道流程",
    "王先生您好，材料已经收到",
    "编号20250301000123456的工单什么时候处理",
    "我叫不出那个事项的名字，就是生小孩要办的那个",
    "流水号6222021234567890128已经作废",
    "请问不动产登记要预约吗？",
    "社保卡丢了怎么补办",
    "孩子上学需要哪些证明",
    "残疾人两项补贴怎么申请",
]


def build(count: int = 330) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    filler = Filler(rng)
    rows: list[dict[str, object]] = []
    import re

    slot = re.compile(r"\{(\w+?)\d?\}")
    i = 0
    while len(rows) < count - len(NEGATIVE):
        template = TEMPLATES[i % len(TEMPLATES)]
        i += 1
        gold: Gold = []

        def fill(match: re.Match[str], gold: Gold = gold) -> str:
            maker: Callable[[], Slot] = getattr(filler, match.group(1))
            surface, entities = maker()
            gold.extend(entities)
            return surface

        text = slot.sub(fill, template)
        rows.append({"text": text, "today": TODAY, "entities": gold})
    for text in NEGATIVE:
        rows.append({"text": text, "today": TODAY, "entities": []})
    for n, row in enumerate(rows):
        row["id"] = n
    return rows


def main() -> None:
    out = Path(__file__).with_name("eval.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for row in build():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
