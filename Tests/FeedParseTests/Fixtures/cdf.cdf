<?xml version="1.0" encoding="UTF-8"?>
<CHANNEL HREF="http://www.example.com/index.html" BASE="http://www.example.com/" LASTMOD="1998-11-05T22:12">
  <TITLE>Example Channel</TITLE>
  <ABSTRACT>All about  the &lt;example&gt; site</ABSTRACT>
  <LOGO HREF="logo.gif" STYLE="IMAGE"/>
  <ITEM HREF="http://www.example.com/news/one.html" LASTMOD="1998-11-04T08:30:00Z">
    <TITLE>First story</TITLE>
    <ABSTRACT>The first abstract</ABSTRACT>
  </ITEM>
  <CHANNEL HREF="http://www.example.com/sports/">
    <TITLE>Sports</TITLE>
    <ITEM HREF="/sports/two.html"><TITLE>Second story</TITLE></ITEM>
  </CHANNEL>
</CHANNEL>
