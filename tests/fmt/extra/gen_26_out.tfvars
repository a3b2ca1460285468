for_170 = "${if[0] + "${x-y}"}%{if "${null}" && bb()}yes%{else}no%{endif}"
bb_171  = null # cmt
