@echo off
rem 双击打开“领导点评和群众评议统计 工作台”(第一次使用时自动安装)。
chcp 65001 >nul
cd /d "%~dp0"
py -c "import dianping_xlsx.desk.app" 2>nul || py -m pip install -e .
py -m dianping_xlsx desk
if errorlevel 1 pause
