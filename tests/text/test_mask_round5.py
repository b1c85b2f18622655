"""Masking leaks by kind, fifth round of issue 19: the last digits of an ID or phone, plates of a
trailer or a driving school, a city's e-bike plates, vehicle identification numbers, property
certificates, sole traders' credit codes, e-mails with spaces around the @, user ids in URLs, a
mobile one group a line, and names in lower-case pinyin, spaced out or in quotes; and what must stay."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text._recall import _trimmed
from govhall.text.mask import needs_mask


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("报案人说对方身份证后四位是381X，姓什么不知道。", "381X"),
        ("信用卡尾号6620被盗刷了两笔。", "6620"),
        ("手机号后4位：0917，麻烦回个电话。", "0917"),
        ("就诊号 556201948，挂号费被扣了两次", "556201948"),
        ("拖车苏E7M21挂一直停在消防通道。", "苏E7M21"),
        ("教练车湘A2233学在居民区里乱开。", "湘A2233"),
        ("电动车车牌 苏州 B52618 昨晚被偷了", "B52618"),
        ("车辆识别代号LHGRB3860D8012377，过户时说对不上。", "LHGRB3860D8012377"),
        ("苏(2020)苏州工业园区不动产权第0007316号的房子一直办不了抵押。", "0007316"),
        ("我的个体户执照代码92320506MA1N4PQ27L被注销了。", "92320506MA1N4PQ27L"),
        ("邮箱 xiaomei_lin @ 126 .com，收到请回。", "xiaomei_lin"),
        ("我的小红书 https://www.xiaohongshu.com/user/profile/5f2a9c0d000000000101abcd 被盗了", "5f2a9c0d"),
        ("投诉链接 https://example.gov.cn/complaint?uid=88317264 打不开", "88317264"),
        ("我的主页 https://gitee.com/lihua-dev 上有作品", "lihua-dev"),
        ("电话159\n0571\n2286，找我就行", "159\n0571\n2286"),
        ("快手ID：ks_lanlan520 是我的号", "ks_lanlan520"),
        ("档案编号 410200887766 的驾驶证被扣了分", "410200887766"),
        ("我住翠湖苑3-2-1101，楼下商铺油烟大", "3-2-1101"),
        ("出生年月：1979.11，籍贯湖北", "1979.11"),
        ("本人19920304出生，户口在老家", "19920304"),
        ("我妈生日是农历九月初三", "9月初3"),
        ("刘海霞，女，1979-11-05，汉族，小学文化", "1979-11-05"),
        ("有事加v：qiao_77 详谈", "qiao_77"),
        ("wechat: lin_xiao2 可以联系", "lin_xiao2"),
        ("扣：2038475611", "2038475611"),
        ("联系我 hezhen2001（微信）", "hezhen2001"),
        ("我的电话1395712345（好像少了一位）", "1395712345"),
        ("我家住在解放西路附近，晚上大车很吵", "解放西路"),
        ("我们村叫王家坝，在镇子西边", "王家坝"),
        ("我们是金地名悦小区的业主", "金地名悦小区"),
        ("手机：12812345678，打不通就算了", "12812345678"),
    ],
)
def test_a_secret_of_each_kind_is_masked_and_flagged(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert needs_mask(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我老婆 huang meiling 的医保卡丢了", "huang meiling"),
        ("Zhou xinyi 是我女儿，在读高二", "Zhou xinyi"),
        ("你好，我叫 郑 海 波，来咨询失业金", "郑 海 波"),
        ("有个自称“邱德明”的人说能办低保", "邱德明"),
        ("群里那个「付春生」天天发广告", "付春生"),
        ("尊敬的郭振宇局长：我是辖区居民", "郭振宇"),
        ("我家小孙子叫乐乐，今年四岁", "乐乐"),
        ("对门的海涛哥帮我修好了水管", "海涛"),
        ("洪水，男，五十岁，低保户", "洪水"),
        ("特别感谢舒畅同志的帮助", "舒畅"),
        ("你好我叫liuqiang，想问公积金", "liuqiang"),
        ("她叫Anna Wu，是外企员工", "Anna Wu"),
        ("身份证姓名：钱   勇", "钱   勇"),
        ("当事人甲：萧山，当事人乙：黄河", "黄河"),
        ("收货人：安然，电话见订单", "安然"),
        ("被保险人：文静（女）", "文静"),
        ("房东：高山，押金三千", "高山"),
        ("骑手侯爽说下个月再送", "侯爽"),
        ("置业顾问单磊一直不接电话", "单磊"),
        ("那个外号叫黑三儿的人天天收保护费", "黑三"),
    ],
)
def test_a_name_written_in_an_odd_shape_is_masked(text: str, name: str) -> None:
    assert name not in mask(text, ner=False)
    assert needs_mask(text)


def test_a_model_name_loses_the_punctuation_it_took_in() -> None:
    assert _trimmed("主任姓彭。", 3, 5) == (3, 4)
    assert _trimmed("“王海”说", 0, 4) == (1, 3)


@pytest.mark.parametrize(
    "text",
    [
        "请在办事指南的“最多跑一次”栏目里查看。",
        "我们小区推行“马上办”服务，点赞。",
        "这个 log in 的按钮点不了",
        "网站 https://www.gov.cn/zhengce/ 上能查到政策原文",
        "我的微博 https://weibo.com 登录不上",
        "公司统一社会信用代码91330106MA2H7KQ35C可以公开查询",
        "请填写身份证后四位",
        "车牌号码请写全",
        "我们村党支部书记带头修路",
        "他是高级工程师，也是高中语文老师",
        # (新任的方所长来调研 was here: since round 14 a surname before a post is one person, as 王主任)
        "新任的所长来调研",
        "比分是3-1-2，范围是2024-1-15到期",
        "订单号20240712已发货，会议定在2024.07召开",
        "孩子一直哭着叫妈妈",
        "送货哥们儿不错，找物业姐姐说了，墨西哥的快递小哥",
        "网帖曝女孩任高校副院长，没想到向酒店经理一反映就解决了",
        "当当网名不符实",
        "大家一起“来充电”，支持“白头盔”",
        "留言ID：12928081，编号@bwx1992 已回复",
        "客服电话4008881234，拨打电话12345咨询，手机号码2023年换了",
        "某港星出租车牌获利600000港币",  # the plate and the sum; a name there is masked since round 8
        "另外，男，女都可以报名",
        "我是VIP会员，这个软件叫Word",
        "我们是走投无路才来反映，我家在农村",
        "房东不退押金，司机态度很差，死者家属要求赔偿，户名写错了",
        "导游带我们去购物，教练说我不合格，店长态度很好，电话0000-00000000",
        "感谢全体同志，辛苦一线同志，感谢相关同志",
        "电压220V：正常，工资被扣了30000元",
    ],
)
def test_text_without_personal_data_is_left_alone(text: str) -> None:
    assert mask(text, ner=False) == text
