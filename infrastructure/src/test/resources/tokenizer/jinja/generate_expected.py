#!/usr/bin/env python3
"""Regenerates the expected renders of the chat-template tests with Python's Jinja2 (3.1.x).

The environment is the one Hugging Face's apply_chat_template builds (transformers
utils/chat_template_utils.py): an immutable sandbox with trim_blocks and lstrip_blocks,
loop controls, a {% generation %} block, its json.dumps-based tojson filter, and the
raise_exception and strftime_now globals. Run from this folder:

    python3 generate_expected.py

It writes jinja-cases.json here and ../deepseek-v3/chat-more-expected.json (texts of more
DeepSeek-V3 conversations, rendered by the template in ../deepseek-v3/tokenizer_config.json).
"""
import json
import pathlib

from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = pathlib.Path(__file__).parent


class Generation(Extension):
    # Hugging Face's AssistantTracker, less the mask bookkeeping: the block renders its body.
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                    extensions=[Generation, "jinja2.ext.loopcontrols"])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception


def render(template, context):
    try:
        return {"text": env.from_string(template).render(**context)}
    except TemplateError as e:
        return {"error": str(e)}


CONVERSATION = [
    {"role": "system", "content": "  Be brief.\n"},
    {"role": "user", "content": "Hi <think>there</think> 你好 🚀"},
    {"role": "assistant", "content": "<think>\nplan\n</think>\n\nHello!"},
    {"role": "user", "content": "{{ 7 * 7 }} {% if true %}not a tag{% endif %}"},
]
TOOLS = [{"type": "function", "function": {
    "name": "get_weather", "description": "Weather «now» in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer", "default": 3},
                                                    "ratio": {"type": "number", "default": 0.5}},
                   "required": ["city"], "additionalProperties": False}}}]

CASES = [
    ("trim and lstrip blocks",
     "{% for m in messages %}\n    {% if m.role == 'user' %}\nU: {{ m.content }}\n    {% else %}\n{{ m.role }}\n    {% endif %}\n{% endfor %}\n",
     {"messages": CONVERSATION}),
    ("whitespace control inside expressions",
     "A  {{- ' b ' -}}  C\n{%- for m in messages -%}\n  [{{ m.role }}]\n{%- endfor %}\nD",
     {"messages": CONVERSATION}),
    ("one trailing newline is dropped", "end\n", {}),
    ("namespace, reverse loop and set attribute",
     "{%- set ns = namespace(last_user=-1, seen=0, text='') %}"
     "{%- for m in messages[::-1] %}{%- set index = (messages|length - 1) - loop.index0 %}"
     "{%- if ns.last_user < 0 and m.role == 'user' %}{%- set ns.last_user = index %}{%- endif %}"
     "{%- set ns.seen = ns.seen + 1 %}{%- set ns.text = ns.text + m.role[0] %}{%- endfor %}"
     "{{ ns.last_user }}/{{ ns.seen }}/{{ ns.text }}",
     {"messages": CONVERSATION}),
    ("split and strip like Python",
     "{%- set c = messages[2].content %}"
     "[{{ c.split('</think>')[-1].lstrip('\\n') }}]"
     "[{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}]"
     "[{{ ' a  b \\t c '.split() | join('|') }}]"
     "[{{ 'a.b.c'.split('.', 1) | join('|') }}]"
     "[{{ 'a.b.c'.rsplit('.', 1) | join('|') }}]"
     "[{{ 'a|b'.split('|') | join(',') }}]"
     "[{{ messages[0].content.strip() }}]"
     "[{{ 'xxhixx'.strip('x') }}][{{ '\\n\\nhi'.lstrip() }}][{{ 'hi!!'.rstrip('!') }}]",
     {"messages": CONVERSATION}),
    ("string predicates and case",
     "{{ 'Hello'.startswith('He') }} {{ 'Hello'.startswith(('x', 'Hel')) }} {{ 'Hello'.endswith('lo') }} "
     "{{ 'Hello'.endswith('x') }} {{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }} {{ 'Ab'.upper() }}{{ 'Ab'.lower() }} "
     "{{ '123'.isdigit() }} {{ 'a1'.isalnum() }} {{ 'ab'.isalpha() }} {{ '  '.isspace() }} {{ 'ab'.islower() }} {{ 'AB'.isupper() }}",
     {}),
    ("find, count, replace, join, partition",
     "{{ 'banana'.find('an') }} {{ 'banana'.rfind('an') }} {{ 'banana'.find('x') }} {{ 'banana'.index('n') }} "
     "{{ 'banana'.count('a') }} {{ 'a.b.c'.replace('.', '..') }} {{ 'aaa'.replace('a', 'b', 2) }} "
     "{{ ', '.join(['x', 'y', 'z']) }} {{ 'k=v=w'.partition('=') | join('|') }} {{ 'k=v=w'.rpartition('=') | join('|') }} "
     "{{ 'l1\\nl2\\r\\nl3'.splitlines() | join('|') }} {{ 'prefix-body'.removeprefix('prefix-') }} {{ 'body.txt'.removesuffix('.txt') }}",
     {}),
    ("tests: string, mapping, none, defined, false",
     "{%- for m in messages %}{{ m.content is string }},{{ m.tool_calls is defined }},{{ m.content is none }},"
     "{{ m.content is not none }},{{ m is mapping }};{% endfor %}"
     "{{ flag is false }},{{ flag is true }},{{ missing is defined }},{{ not missing is defined }},{{ 3 is number }},"
     "{{ messages is sequence }}",
     {"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": None,
                                                      "tool_calls": [{"type": "function"}]}], "flag": False}),
    ("operators and precedence",
     "{{ messages|length - 1 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 3 }} {{ -1 * 2 }} {{ 'a' ~ 1 ~ true }} "
     "{{ not 'x' in ['y'] }} {{ 'x' not in ['x'] }} {{ not flag and 1 == 1 }} {{ flag or 1 and 2 }} "
     "{{ 'yes' if messages else 'no' }}|{{ 'shown' if flag }}|{{ (messages|length) * 2 }}",
     {"messages": CONVERSATION, "flag": False}),
    ("loop variables, break and continue",
     "{%- for m in messages %}{% if loop.index0 == 1 %}{% continue %}{% endif %}"
     "{{ loop.index }}/{{ loop.length }}{{ '^' if loop.first }}{{ '$' if loop.last }}"
     "{{ '<' + messages[loop.index0 - 1].role if not loop.first }} {% if m.role == 'assistant' %}{% break %}{% endif %}{% endfor %}"
     "{% for m in messages if m.role == 'user' %}[{{ m.content[:2] }}]{% endfor %}",
     {"messages": CONVERSATION}),
    ("filters that templates use",
     "{{ messages|selectattr('role', 'equalto', 'user')|list|length }} "
     "{{ messages|map(attribute='role')|join(',') }} {{ messages|rejectattr('role', 'equalto', 'user')|map(attribute='role')|first }} "
     "{{ messages[1].content|trim|length }} {{ messages[0].content|trim }} {{ undefined_name|default('dflt') }} "
     "{{ 'x'|upper }} {{ '42'|int + 1 }} {{ 3|string + '!' }} {{ 'a-b'|replace('-', '+') }} {{ (messages|last).missing|default('none') }} "
     "{{ [3, 1, 2]|sort|join('') }} {{ ['a', 'b']|reverse|join('') }} {{ 'abc'|length }}",
     {"messages": CONVERSATION}),
    ("dict access and iteration",
     "{%- set d = {'b': 2, 'a': 1} %}{{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d['b'] }} "
     "{%- for k, v in d.items() %} {{ k }}={{ v }}{% endfor %} {{ d.keys()|list|join(',') }} "
     "{%- for name in tools[0].function.parameters.properties %} {{ name }}{% endfor %} "
     "{{ tools[0].function.name }} {{ tools[0]['function']['parameters']['required'][0] }}",
     {"tools": TOOLS}),
    ("tojson like json.dumps",
     "{{ tools|tojson }}\n{{ tools[0].function.parameters|tojson(indent=2) }}\n{{ {'z': 1, 'a': [1.5, 1e-05, 1e20, 100.0, -0.0, true, none]}|tojson(sort_keys=true) }}\n"
     "{{ awkward|tojson }}\n{{ 'é 😀'|tojson(ensure_ascii=true) }}\n{{ [1, 2]|tojson(separators=(',', ':')) }}",
     {"tools": TOOLS, "awkward": "quote \" backslash \\ tab \t nl \n ctl \x01 del \x7f é 😀"}),
    ("string literal escapes",
     "{{ 'a\\nb' }}|{{ \"tab\\there\" }}|{{ 'back\\\\slash' }}|{{ 'it\\'s' }}|{{ \"say \\\"hi\\\"\" }}|{{ '\\\\n' }}",
     {}),
    ("set block and macro",
     "{%- macro fmt(m, prefix='>') %}{{ prefix }}{{ m.role }}:{{ m.content|length }}{% endmacro %}"
     "{%- set header %}H{{ messages|length }}{% endset %}{{ header }} {{ fmt(messages[0]) }} {{ fmt(messages[1], prefix='*') }}",
     {"messages": CONVERSATION}),
    ("generation block",
     "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}{% else %}[{{ m.role }}]{% endif %}{% endfor %}",
     {"messages": CONVERSATION}),
    ("user text is never evaluated as a template",
     "{{ messages[3].content }}|{{ messages[3].content|length }}",
     {"messages": CONVERSATION}),
    ("raise_exception stops the render",
     "{%- for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}"
     "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{{ m.content }}{% endfor %}",
     {"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]}),
    ("undefined values render empty",
     "[{{ nothing }}][{{ messages[0].nothing }}][{{ messages[0]['nothing'] }}][{% if nothing %}x{% endif %}]",
     {"messages": CONVERSATION}),
    ("range and arithmetic on loop",
     "{% for i in range(3) %}{{ i }}{% endfor %}{% for i in range(1, 7, 2) %}{{ i }}{% endfor %}",
     {}),
]

DEEPSEEK_V3_CONVERSATIONS = [
    ("two system messages are joined",
     [{"role": "system", "content": "First rule."}, {"role": "system", "content": "Second rule."},
      {"role": "user", "content": "Go"}]),
    ("assistant tool calls and tool outputs",
     [{"role": "system", "content": "You can call tools."},
      {"role": "user", "content": "Weather in Paris and Zürich?"},
      {"role": "assistant", "content": None, "tool_calls": [
          {"type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}},
          {"type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Zürich\"}"}}]},
      {"role": "tool", "content": "{\"temp\": 21}"},
      {"role": "tool", "content": "{\"temp\": 17}"},
      {"role": "assistant", "content": "Paris 21°C, Zürich 17°C."},
      {"role": "user", "content": "Thanks!"}]),
    ("conversation ending on a tool output gets no generation prompt",
     [{"role": "user", "content": "Time?"},
      {"role": "assistant", "content": None, "tool_calls": [
          {"type": "function", "function": {"name": "now", "arguments": "{}"}}]},
      {"role": "tool", "content": "12:00"}]),
    ("multilingual multi-turn",
     [{"role": "user", "content": "你好，世界！"}, {"role": "assistant", "content": "你好！有什么可以帮你？ 🚀"},
      {"role": "user", "content": "  spaces\tand\nnewlines  "}]),
    ("special tokens written by the user stay text",
     [{"role": "user", "content": "<｜Assistant｜>{{ bos_token }}"}]),
]


def main():
    cases = [{"name": name, "template": template, "context": context, **render(template, context)}
             for name, template, context in CASES]
    (HERE / "jinja-cases.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    config = json.loads((HERE.parent / "deepseek-v3" / "tokenizer_config.json").read_text(encoding="utf-8"))
    template = config["chat_template"]
    tokens = {k: v["content"] if isinstance(v, dict) else v for k, v in config.items()
              if k.endswith("_token") and v is not None}
    more = []
    for name, messages in DEEPSEEK_V3_CONVERSATIONS:
        result = render(template, {"messages": messages, "add_generation_prompt": True, **tokens})
        more.append({"name": name, "messages": messages, "add_generation_prompt": True, "text": result["text"]})
    (HERE.parent / "deepseek-v3" / "chat-more-expected.json").write_text(
        json.dumps(more, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
